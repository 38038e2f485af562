import NIOCore
import NIOPosix

extension DatagramBootstrap {
    /// Kernel receive and send buffers of `bytes` (0 keeps the system's).
    /// Media arrives in bursts (a keyframe is tens of packets, forty TURN
    /// clients write at once) that the default ~200 KiB overflows while the
    /// event loop is busy; the kernel drops what does not fit, unseen. Linux
    /// caps the size at net.core.rmem_max / wmem_max (README: Deploying).
    func socketBuffers(_ bytes: Int) -> DatagramBootstrap {
        guard bytes > 0 else { return self }
        let size = SocketOptionValue(clamping: bytes)
        return channelOption(.socketOption(.so_rcvbuf), value: size)
            .channelOption(.socketOption(.so_sndbuf), value: size)
    }
}
