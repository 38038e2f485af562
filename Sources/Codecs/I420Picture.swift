/// A picture in planar YUV 4:2:0 (I420), the format libvpx encodes: a
/// full-size luma plane followed by two quarter-size chroma planes.
public struct I420Picture: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Y, then U, then V, each row packed (stride = plane width).
    public var bytes: [UInt8]

    /// A picture of even `width` and `height`, every sample `luma` / 128.
    public init(width: Int, height: Int, luma: UInt8 = 16) {
        precondition(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0, "even, positive size")
        self.width = width
        self.height = height
        bytes = [UInt8](repeating: luma, count: width * height) + [UInt8](repeating: 128, count: width * height / 2)
    }

    /// Offset of the U plane; the V plane follows it.
    public var chromaUOffset: Int { width * height }
    public var chromaVOffset: Int { width * height + (width / 2) * (height / 2) }

    /// The luma sample at (`x`, `y`).
    public func luma(x: Int, y: Int) -> UInt8 { bytes[y * width + x] }

    /// Fills a rectangle of the luma plane (clipped to the picture).
    public mutating func fillLuma(x: Int, y: Int, width w: Int, height h: Int, value: UInt8) {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(width, x + w)
        let y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            let start = row * width
            for column in x0..<x1 { bytes[start + column] = value }
        }
    }
}
