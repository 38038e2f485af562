// ICE-TCP framing (RFC 4571) under libFuzzer. The first two bytes choose
// the frame limit; then the input is a script of reads: one byte giving the
// read's size (0: the rest), then that many stream bytes. Nothing may trap;
// every frame handed out is 1 to the limit long; the decoder never holds
// more than one longest frame past the last read; and the frames, written
// back with the encoder and decoded in one read, come out the same.
import FuzzSupport
import ICELite
import NIOCore

runFuzzer { bytes in
    var input = FuzzInput(bytes)
    let limit = 1_200 + Int(input.uint16()) % (ICETCPFrameDecoder.largestFrameLength - 1_200 + 1)
    var decoder = ICETCPFrameDecoder(maxFrameLength: limit)
    var frames: [[UInt8]] = []
    var zeroLength: UInt64 = 0
    reading: while !input.isAtEnd {
        let size = Int(input.byte())
        var read = ByteBuffer(bytes: size == 0 ? input.rest() : input.take(size))
        let readSize = read.readableBytes
        decoder.append(&read)
        while true {
            let frame: ByteBuffer?
            do throws(ICETCPFramingError) { frame = try decoder.nextFrame() } catch {
                guard case .frameTooLong(let length, let max) = error, length > max, max == limit else {
                    fatalError("unexpected framing error \(error)")
                }
                break reading
            }
            guard let frame else { break }
            precondition((1...limit).contains(frame.readableBytes), "frame of \(frame.readableBytes) bytes")
            frames.append(Array(frame.readableBytesView))
        }
        precondition(decoder.bufferedBytes < decoder.maxBufferedBytes + readSize, "decoder held too much")
        precondition(decoder.zeroLengthFrames >= zeroLength)
        zeroLength = decoder.zeroLengthFrames
    }
    // Round trip: the encoder's frames decode to the same packets.
    var stream = ByteBuffer()
    for packet in frames {
        guard var framed = ICETCPFrameEncoder.frame(ByteBuffer(bytes: packet)) else {
            fatalError("a decoded frame could not be encoded")
        }
        stream.writeBuffer(&framed)
    }
    var again = ICETCPFrameDecoder(maxFrameLength: limit)
    again.append(&stream)
    for packet in frames {
        guard let frame = try? again.nextFrame(), Array(frame.readableBytesView) == packet else {
            fatalError("round trip changed a frame")
        }
    }
    precondition((try? again.nextFrame()) == .some(nil), "round trip left bytes")
}
