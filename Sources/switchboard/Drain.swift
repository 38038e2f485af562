import ArgumentParser
import Foundation
import SignalingServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `switchboard drain`: asks a running node to take no new rooms (its
/// rooms stay until they empty), through its admin route
/// `POST /cluster/drain`. The admin token is signed with `auth.jwt_key`
/// when the config has one.
struct Drain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a running cluster node draining: it takes no new rooms.")

    @OptionGroup var config: ConfigOptions
    @Option(help: "The node's HTTP base URL (default: from the config's advertise_url, or bind and port).")
    var url: String?
    @Option(help: "Seconds to wait for the node's answer.") var timeout: Double = 10

    func run() async throws {
        let configuration = try config.load()
        let base = url ?? configuration.advertisedBaseURL()
        guard let endpoint = URL(string: base.hasSuffix("/") ? base + "cluster/drain" : base + "/cluster/drain") else {
            throw ValidationError("--url must be an http(s) URL")
        }
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        if !configuration.auth.jwtKey.isEmpty {
            let token = try await TokenVerifier(key: configuration.auth.jwtKey).signAdmin(room: nil, lifetime: 60)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let body = String(decoding: data, as: UTF8.self)
        guard (200..<300).contains(status) else {
            throw ValidationError("\(endpoint.absoluteString) answered \(status): \(body)")
        }
        print(body)
    }
}
