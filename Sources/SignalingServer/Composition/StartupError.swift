/// A server that could not start, and which part of it: the error says
/// which socket or service failed, not only the system call's complaint
/// ("media port 127.0.0.1:50000 (UDP; worker N on port + N): bind(...):
/// Address already in use").
public struct StartupError: Error, Sendable, CustomStringConvertible {
    /// The part that failed, as an operator would look for it.
    public var part: String
    public var underlying: any Error

    public var description: String { "cannot start the \(part): \(underlying)" }

    /// Runs `body`, naming `part` in its error.
    static func naming<T>(_ part: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StartupError {
            throw error
        } catch {
            throw StartupError(part: part, underlying: error)
        }
    }
}
