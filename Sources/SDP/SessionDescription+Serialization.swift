extension SessionDescription {
    /// The description as text: CRLF line ends, lines in RFC 8866 §5 order,
    /// attributes exactly as stored.
    public func serialized() -> String {
        var text = ""
        write(into: &text)
        return text
    }

    /// Appends the serialized description to `text`.
    public func write(into text: inout String) {
        func line(_ letter: String, _ value: String) {
            text += letter
            text += "="
            text += value
            text += "\r\n"
        }
        line("v", "0")
        line("o", origin.lineText)
        line("s", sessionName)
        if let information { line("i", information) }
        if let uri { line("u", uri) }
        for email in emails { line("e", email) }
        for phone in phones { line("p", phone) }
        if let connection { line("c", connection.lineText) }
        for bandwidth in bandwidths { line("b", bandwidth.lineText) }
        // RFC 8866 §5.9: at least one t=; JSEP's `0 0` when none is stored.
        for timing in timings.isEmpty ? [Timing()] : timings {
            line("t", timing.lineText)
            for repeatText in timing.repeats { line("r", repeatText) }
        }
        if let timeZones { line("z", timeZones) }
        if let encryptionKey { line("k", encryptionKey) }
        for attribute in attributes { line("a", attribute.lineText) }
        for section in media {
            line("m", section.lineText)
            if let information = section.information { line("i", information) }
            for connection in section.connections { line("c", connection.lineText) }
            for bandwidth in section.bandwidths { line("b", bandwidth.lineText) }
            if let encryptionKey = section.encryptionKey { line("k", encryptionKey) }
            for attribute in section.attributes { line("a", attribute.lineText) }
        }
    }
}
