import COpenSSL

extension DTLSCertificate {
    /// Loads a certificate and its private key (any PEM key format OpenSSL
    /// reads, unencrypted) from PEM text.
    public convenience init(certificatePEM: String, privateKeyPEM: String) throws(DTLSError) {
        defer { OpenSSLErrorQueue.clear() }
        guard let certificate = Self.readPEM(certificatePEM, { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            throw .openSSL(call: "PEM_read_bio_X509", reason: OpenSSLErrorQueue.reason(or: "no certificate in PEM"))
        }
        guard let key = Self.readPEM(privateKeyPEM, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            X509_free(certificate)
            throw .openSSL(call: "PEM_read_bio_PrivateKey", reason: OpenSSLErrorQueue.reason(or: "no private key in PEM"))
        }
        try self.init(adopting: certificate, privateKey: key)
    }

    /// Loads a certificate and its private key from PEM files.
    public convenience init(certificateFile: String, privateKeyFile: String) throws(DTLSError) {
        let certificateText = try Self.readFile(certificateFile)
        let keyText = try Self.readFile(privateKeyFile)
        try self.init(certificatePEM: certificateText, privateKeyPEM: keyText)
    }

    /// The certificate as PEM (`-----BEGIN CERTIFICATE-----`).
    public var certificatePEM: String {
        Self.writePEM { PEM_write_bio_X509($0, certificate) }
    }

    /// The private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    public var privateKeyPEM: String {
        Self.writePEM { PEM_write_bio_PrivateKey($0, privateKey, nil, nil, 0, nil, nil) }
    }

    private static func readPEM(
        _ text: String,
        _ read: (OpaquePointer) -> OpaquePointer?
    ) -> OpaquePointer? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
    }

    private static func writePEM(_ write: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer {
            BIO_free(bio)
            OpenSSLErrorQueue.clear()
        }
        guard write(bio) == 1 else { return "" }
        var data: UnsafeMutablePointer<CChar>?
        let length = switchboard_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }

    private static func readFile(_ path: String) throws(DTLSError) -> String {
        guard let bio = BIO_new_file(path, "r") else {
            throw .openSSL(call: "BIO_new_file", reason: OpenSSLErrorQueue.reason(or: "cannot open \(path)"))
        }
        defer { BIO_free(bio) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk.prefix(Int(count)))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
