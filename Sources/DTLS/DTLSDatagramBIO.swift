import COpenSSL
import NIOCore

/// A `BIO_METHOD` with datagram semantics over `DTLSDatagramIO`: a read
/// returns one whole datagram, each write is one datagram. Memory BIOs merge
/// datagrams and leave OpenSSL's DTLS queries unanswered (interop-notes.md).
/// During the handshake OpenSSL puts a buffer BIO in front and flushes it
/// per flight, or earlier when the next record would pass the MTU, so one
/// write may carry several records of a flight.
enum DTLSDatagramBIO {
    /// Created once; BIO methods are shared and never freed.
    nonisolated(unsafe) static let method: OpaquePointer? = makeMethod()

    /// A new BIO (refcount 1) whose callbacks reach `io`, unretained: the
    /// endpoint keeps `io` alive for as long as the `SSL*` holding the BIO.
    static func make(io: DTLSDatagramIO) -> OpaquePointer? {
        guard let method, let bio = BIO_new(method) else { return nil }
        BIO_set_data(bio, Unmanaged.passUnretained(io).toOpaque())
        BIO_set_init(bio, 1)
        return bio
    }

    static func io(of bio: OpaquePointer) -> DTLSDatagramIO? {
        guard let data = BIO_get_data(bio) else { return nil }
        return Unmanaged<DTLSDatagramIO>.fromOpaque(data).takeUnretainedValue()
    }

    private static func makeMethod() -> OpaquePointer? {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "switchboard DTLS datagram") else {
            return nil
        }
        guard BIO_meth_set_read(method, read) == 1,
              BIO_meth_set_write(method, write) == 1,
              BIO_meth_set_ctrl(method, control) == 1
        else {
            BIO_meth_free(method)
            return nil
        }
        return method
    }

    private static let read: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32 = {
        bio, output, capacity in
        guard let bio, let output, capacity > 0, let io = DTLSDatagramBIO.io(of: bio) else { return -1 }
        switchboard_BIO_clear_retry_flags(bio)
        guard let datagram = io.inbound else {
            switchboard_BIO_set_retry_read(bio)
            return -1
        }
        io.inbound = nil
        // Like recv(2): a datagram longer than the buffer is cut, never split.
        let count = min(Int(capacity), datagram.readableBytes)
        datagram.withUnsafeReadableBytes { bytes in
            guard count > 0, let base = bytes.baseAddress else { return }
            UnsafeMutableRawPointer(output).copyMemory(from: base, byteCount: count)
        }
        return Int32(count)
    }

    private static let write: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
        bio, input, length in
        guard let bio, let input, length >= 0, let io = DTLSDatagramBIO.io(of: bio) else { return -1 }
        switchboard_BIO_clear_retry_flags(bio)
        var datagram = io.allocator.buffer(capacity: Int(length))
        datagram.writeBytes(UnsafeRawBufferPointer(start: input, count: Int(length)))
        io.outbound.append(datagram)
        return length
    }

    /// Answers what OpenSSL's DTLS code asks a datagram BIO (ssl/d1_lib.c,
    /// ssl/statem/statem_dtls.c); anything else is unsupported (0).
    private static let control: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int = {
        bio, command, argument, _ in
        guard let bio, let io = DTLSDatagramBIO.io(of: bio) else { return 0 }
        switch command {
        case BIO_CTRL_FLUSH, BIO_CTRL_DGRAM_SET_CONNECTED, BIO_CTRL_DGRAM_SET_PEER, BIO_CTRL_DGRAM_SET_DONT_FRAG:
            return 1
        case BIO_CTRL_PENDING:
            return io.inbound?.readableBytes ?? 0
        case BIO_CTRL_WPENDING:
            // Every write leaves at once as its own datagram.
            return 0
        case BIO_CTRL_DGRAM_QUERY_MTU, BIO_CTRL_DGRAM_GET_FALLBACK_MTU, BIO_CTRL_DGRAM_GET_MTU:
            return io.mtu
        case BIO_CTRL_DGRAM_SET_MTU:
            return argument
        case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
            // The MTU given is the DTLS payload budget: UDP/IP headers are
            // the I/O layer's concern.
            return 0
        case BIO_CTRL_DGRAM_MTU_EXCEEDED, BIO_CTRL_DGRAM_GET_RECV_TIMER_EXP, BIO_CTRL_DGRAM_GET_SEND_TIMER_EXP:
            return 0
        case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT:
            // Timers are the endpoint's (nextTimeout), not a socket option.
            return 0
        case BIO_CTRL_DGRAM_GET_PEER:
            // No socket, no address to report.
            return 0
        case BIO_CTRL_GET_CLOSE:
            return Int(BIO_get_shutdown(bio))
        case BIO_CTRL_SET_CLOSE:
            BIO_set_shutdown(bio, Int32(truncatingIfNeeded: argument))
            return 1
        default:
            return 0
        }
    }
}
