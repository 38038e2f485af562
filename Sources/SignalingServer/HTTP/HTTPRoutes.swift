import Hummingbird
import NIOCore

/// Every HTTP route of the server. Open: the demo (`/`, `/demo/*`) and
/// `/healthz` (and the `/rtc` upgrade and WHIP/WHEP, which check join
/// tokens themselves).
/// The control plane (`/rooms/*`, `/metrics`) needs an admin token
/// whenever join tokens are required (`AdminAuthMiddleware`).
enum HTTPRoutes {
    static func make(
        context: ServerContext, recordings: RecordingController, metrics: ServerMetrics, media: HTTPMediaEndpoint
    ) -> Router<SwitchboardRequestContext> {
        let router = Router(context: SwitchboardRequestContext.self)
        DemoRoutes.add(to: router)
        WHIPRoutes.add(to: router, endpoint: media)
        router.get("/healthz") { _, _ in "ok" }

        let control = router.group()
        if let tokens = context.tokens {
            control.add(middleware: AdminAuthMiddleware<SwitchboardRequestContext>(tokens: tokens, refusals: context.refusals))
        }
        RecordingRoutes.add(to: control, controller: recordings)
        StatsRoutes.add(to: control, context: context)
        ClusterRoutes.add(to: control, context: context)
        control.get("/metrics") { _, _ -> Response in
            let text = try await metrics.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }
}
