import Testing

/// Compares two SDP texts line by line so a failure names the lines that
/// differ, then as a whole (which also catches line-end differences).
func expectSameLines(_ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let actualLines = actual.split(separator: "\r\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\r\n", omittingEmptySubsequences: false)
    for (number, (got, wanted)) in zip(actualLines, expectedLines).enumerated() where got != wanted {
        Issue.record("line \(number + 1): got \(got), want \(wanted)", sourceLocation: sourceLocation)
    }
    #expect(actualLines.count == expectedLines.count, sourceLocation: sourceLocation)
    #expect(actual == expected, sourceLocation: sourceLocation)
}
