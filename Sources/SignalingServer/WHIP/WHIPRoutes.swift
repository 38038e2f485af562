import Hummingbird

/// The WHIP and WHEP routes (see `HTTPMediaEndpoint`), both open: they
/// check join tokens themselves, as `/rtc` does.
enum WHIPRoutes {
    static func add(to router: Router<SwitchboardRequestContext>, endpoint: HTTPMediaEndpoint) {
        for kind in HTTPMediaSession.Kind.allCases {
            let collection = "/\(kind.rawValue)/:room"
            let resource = "\(collection)/:session"
            router.post(RouterPath(collection)) { request, context in
                await endpoint.create(kind, request: request, context: context)
            }
            router.patch(RouterPath(resource)) { request, context in
                await endpoint.patch(kind, request: request, context: context)
            }
            router.delete(RouterPath(resource)) { _, context in
                await endpoint.delete(kind, context: context)
            }
            for path in [collection, resource] {
                router.on(RouterPath(path), method: .options) { _, _ in
                    Response(status: .noContent, headers: HTTPMediaHeaders.preflight)
                }
            }
        }
    }
}
