#if canImport(Glibc)
import Glibc
#endif
// SwiftPM links executables with their own `main`, so libFuzzer's is not
// used: each fuzz target's main.swift hands its body to libFuzzer's driver.

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) private var body: ((UnsafeBufferPointer<UInt8>) -> Void)?

/// Runs libFuzzer with the process's arguments, calling `fuzz` once per
/// input; exits with libFuzzer's status.
public func runFuzzer(_ fuzz: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    body = fuzz
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, count in
        body?(UnsafeBufferPointer(start: data, count: count))
        return 0
    }
    exit(status)
}
