import Hummingbird
import NIOCore

extension HTTPMediaEndpoint {
    /// 307 Temporary Redirect (the method and body are kept, RFC 9110
    /// §15.4.8) to the same request on the home node; or 503 with the reason.
    func clusterResponse(_ answer: HTTPMediaClusterAnswer, kind: HTTPMediaSession.Kind, request: Request) -> Response {
        var headers = HTTPMediaHeaders.crossOrigin
        switch answer {
        case .elsewhere(let baseURL):
            let location = ClusterURLs.media(
                base: baseURL, path: request.uri.path, query: request.uri.query ?? "")
            headers[.location] = location
            logger.info("\(kind.rawValue) redirected", metadata: ["to": "\(location)"])
            return Response(status: .temporaryRedirect, headers: headers)
        case .unavailable(let reason):
            let metric = kind == .whip ? RefusalCounters.whipRefusals : RefusalCounters.whepRefusals
            context.refusals.count(metric, "reason", "cluster_unavailable")
            headers[.contentType] = "text/plain; charset=utf-8"
            headers[.retryAfter] = "1"
            return Response(
                status: .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(string: reason + "\n")))
        }
    }
}
