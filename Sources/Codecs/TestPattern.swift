/// The bots' synthetic video: a diagonal gradient that scrolls, a bar that
/// sweeps across, and the frame number drawn in large seven-segment digits
/// in the top-left corner, so a decoded picture shows which frame it is.
public struct TestPattern: Sendable {
    public let width: Int
    public let height: Int
    /// Digits drawn (the counter wraps at 10^digits).
    public static let digits = 5

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Side of one segment cell in pixels: the counter spans about a
    /// third of the width.
    public var cellSize: Int { max(2, width / (Self.digits * 4 * 3)) }

    /// The picture of frame `index`.
    public func picture(frame index: Int) -> I420Picture {
        var picture = I420Picture(width: width, height: height)
        let shift = index * 3
        for y in 0..<height {
            let row = y * width
            for x in 0..<width {
                picture.bytes[row + x] = UInt8(truncatingIfNeeded: 40 + ((x + y + shift) & 0x7F))
            }
        }
        // Chroma drifts slowly so every frame differs in colour too.
        let chromaCount = (width / 2) * (height / 2)
        for offset in 0..<chromaCount {
            picture.bytes[picture.chromaUOffset + offset] = UInt8(truncatingIfNeeded: 96 + ((offset / (width / 2) + index) & 0x3F))
            picture.bytes[picture.chromaVOffset + offset] = UInt8(truncatingIfNeeded: 160 - ((offset % (width / 2) + index) & 0x3F))
        }
        let barWidth = max(4, width / 16)
        picture.fillLuma(x: (index * 4) % width, y: height / 2, width: barWidth, height: height / 2, value: 235)
        drawCounter(index, into: &picture)
        return picture
    }

    /// Which segments (a-g, bit 0 = a) light each decimal digit.
    static let segments: [UInt8] = [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F]

    /// Black background, white segments; digit cells are 3x5 units.
    func drawCounter(_ value: Int, into picture: inout I420Picture) {
        let unit = cellSize
        let digitWidth = unit * 4
        picture.fillLuma(x: 0, y: 0, width: digitWidth * Self.digits + unit, height: unit * 7, value: 16)
        var remaining = value
        for position in stride(from: Self.digits - 1, through: 0, by: -1) {
            let digit = remaining % 10
            remaining /= 10
            let originX = unit + position * digitWidth
            let originY = unit
            let lit = Self.segments[digit]
            // (x, y, w, h) of segments a..g in units.
            let shapes: [(Int, Int, Int, Int)] = [
                (0, 0, 3, 1), (2, 0, 1, 3), (2, 2, 1, 3), (0, 4, 3, 1), (0, 2, 1, 3), (0, 0, 1, 3), (0, 2, 3, 1),
            ]
            for (bit, shape) in shapes.enumerated() where lit & (1 << bit) != 0 {
                picture.fillLuma(
                    x: originX + shape.0 * unit, y: originY + shape.1 * unit, width: shape.2 * unit,
                    height: shape.3 * unit, value: 235)
            }
        }
    }

    /// Reads the counter back from a (decoded) picture: each digit is the
    /// one whose lit segments match the bright cells best. Nil when a
    /// digit matches none.
    public func readCounter(from picture: I420Picture) -> Int? {
        let unit = cellSize
        let probes: [(Int, Int)] = [(1, 0), (2, 1), (2, 3), (1, 4), (0, 3), (0, 1), (1, 2)]
        var value = 0
        for position in 0..<Self.digits {
            let originX = unit + position * unit * 4
            var lit: UInt8 = 0
            for (bit, probe) in probes.enumerated() {
                let x = originX + probe.0 * unit + unit / 2
                let y = unit + probe.1 * unit + unit / 2
                guard x < picture.width, y < picture.height else { return nil }
                if picture.luma(x: x, y: y) > 128 { lit |= 1 << bit }
            }
            guard let digit = Self.segments.firstIndex(of: lit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
