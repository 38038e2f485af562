import COpenSSL
import NIOCore

extension DTLSEndpoint {
    /// The RFC 5764 §4.2 exporter label.
    static let exporterLabel = "EXTRACTOR-dtls_srtp"

    /// Runs one operation with a clean OpenSSL error queue, then reports the
    /// datagrams written and refreshes `nextTimeout`.
    func perform(now: NIODeadline?, _ body: (inout [DTLSAction]) -> Void) -> [DTLSAction] {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        var events: [DTLSAction] = []
        body(&events)
        updateTimeout(now: now)
        var actions = io.takeOutbound().map(DTLSAction.send)
        actions.append(contentsOf: events)
        return actions
    }

    /// Drives the handshake as far as the input allows, then reads records.
    func advance(readCapacity: Int, into events: inout [DTLSAction]) {
        if state == .handshaking {
            let result = SSL_do_handshake(ssl)
            guard result == 1 else {
                let code = SSL_get_error(ssl, result)
                if code != SSL_ERROR_WANT_READ && code != SSL_ERROR_WANT_WRITE {
                    // Includes SSL_ERROR_SYSCALL with nothing queued: OpenSSL 3.0
                    // gives up that way on some malformed fragments (e.g. an
                    // oversized message length), and the handshake cannot
                    // continue after it (measured).
                    fail(failure(sslError: code), into: &events)
                }
                return
            }
            completeHandshake(into: &events)
        }
        if state == .connected && readCapacity > 0 {
            readRecords(capacity: readCapacity, into: &events)
        }
    }

    /// Reads application data and alerts left in the current datagram.
    func readRecords(capacity: Int, into events: inout [DTLSAction]) {
        // Bounded: one datagram holds only so many records.
        for _ in 0..<64 {
            var result: Int32 = 0
            var buffer = io.allocator.buffer(capacity: capacity)
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { raw in
                result = SSL_read(ssl, raw.baseAddress, Int32(clamping: raw.count))
                return Int(max(result, 0))
            }
            if result > 0 {
                events.append(.applicationData(buffer))
                continue
            }
            let code = SSL_get_error(ssl, result)
            switch code {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return
            case SSL_ERROR_ZERO_RETURN:
                // close_notify: answer with ours (RFC 5246 §7.2.1).
                _ = SSL_shutdown(ssl)
                state = .closed
                events.append(.closed)
                return
            default:
                fail(failure(sslError: code), into: &events)
                return
            }
        }
    }

    /// The handshake finished: check the peer and export the SRTP keys.
    func completeHandshake(into events: inout [DTLSAction]) {
        switch verifiedConnection() {
        case .success(let info):
            state = .connected
            connectedInfo = info
            minimumProtectedRecordLength = protectedRecordMinimum()
            events.append(.connected(info))
        case .failure(let error):
            // The keys must not be used; tell the peer we are done.
            _ = SSL_shutdown(ssl)
            fail(error, into: &events)
        }
    }

    /// The peer certificate's fingerprint (checked again here, whatever the
    /// verify callback did), the selected SRTP profile and its keys.
    private func verifiedConnection() -> Result<DTLSConnectedInfo, DTLSError> {
        guard let peer = SSL_get1_peer_certificate(ssl) else { return .failure(.noPeerCertificate) }
        defer { X509_free(peer) }
        let expected = io.expectedFingerprint
        guard let actual = DTLSCertificate.fingerprint(of: peer, algorithm: expected.algorithm) else {
            return .failure(.openSSL(call: "X509_digest", reason: OpenSSLErrorQueue.reason(or: "digest failed")))
        }
        guard actual == expected else { return .failure(.fingerprintMismatch(expected: expected, actual: actual)) }
        guard let selected = SSL_get_selected_srtp_profile(ssl) else { return .failure(.noSRTPProfile) }
        let profile = DTLSSRTPProfile(rawValue: UInt16(truncatingIfNeeded: selected.pointee.id))
        guard let length = profile.keyingMaterialLength else { return .failure(.unknownSRTPProfile(profile.rawValue)) }
        var material = [UInt8](repeating: 0, count: length)
        let label = Self.exporterLabel
        // No context value: use_context 0 (RFC 5764 §4.2).
        guard SSL_export_keying_material(ssl, &material, length, label, label.utf8.count, nil, 0, 0) == 1 else {
            return .failure(.openSSL(call: "SSL_export_keying_material", reason: OpenSSLErrorQueue.reason(or: "export failed")))
        }
        return .success(DTLSConnectedInfo(role: role, srtpProfile: profile, keyingMaterial: material, remoteFingerprint: actual))
    }

    /// The error for a failed OpenSSL call, most specific first: our own
    /// fingerprint rejection, then a fatal alert from the peer, then
    /// OpenSSL's error queue.
    func failure(sslError: Int32) -> DTLSError {
        if let actual = io.rejectedFingerprint {
            return .fingerprintMismatch(expected: io.expectedFingerprint, actual: actual)
        }
        if let alert = io.receivedAlert, alert.isFatal {
            return .alertReceived(alert)
        }
        let name = switch sslError {
        case SSL_ERROR_SSL: "SSL_ERROR_SSL"
        case SSL_ERROR_SYSCALL: "SSL_ERROR_SYSCALL"
        default: "SSL_get_error \(sslError)"
        }
        return .protocolFailure(sslError: sslError, reason: OpenSSLErrorQueue.reason(or: name + " with no error queued"))
    }

    func fail(_ error: DTLSError, into events: inout [DTLSAction]) {
        state = .failed(error)
        events.append(.failed(error))
    }

    func updateTimeout(now: NIODeadline?) {
        switch state {
        case .handshaking, .connected:
            let left = switchboard_DTLSv1_get_timeout_microseconds(ssl)
            if let now, left >= 0 {
                nextTimeout = now + .microseconds(left)
            } else {
                nextTimeout = nil
            }
        case .idle, .closed, .failed:
            nextTimeout = nil
        }
    }
}
