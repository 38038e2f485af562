import NIOCore
import RTP
import Testing
import TestSupport

/// VP8 payload descriptors laid out as in RFC 7741 §4.2.
@Suite struct RFC7741TestVectors {
    /// Start of a key frame with a 7-bit picture ID.
    static let shortPictureID = """
        90          // X=1 R=0 N=0 S=1 R=0 PID=0
        80          // I=1 L=0 T=0 K=0
        11          // M=0 PictureID=17
        10 02 00    // VP8 payload header: size0=0 H=1 VER=0 P=0 (key frame), size1, size2
        9d 01 2a    // key frame start code
        """

    /// An inter frame with a 15-bit picture ID, TL0PICIDX and TID/Y.
    static let longPictureID = """
        b0          // X=1 R=0 N=1 S=1 R=0 PID=0
        e0          // I=1 L=1 T=1 K=0
        92 34       // M=1 PictureID=0x1234
        05          // TL0PICIDX=5
        60          // TID=1 Y=1 KEYIDX=0
        31 02 00    // VP8 payload header: P=1 (inter frame)
        """

    /// The middle of a frame: no extension, partition 2, not a start.
    static let minimal = """
        02          // X=0 N=0 S=0 PID=2
        aa bb       // VP8 data
        """

    /// Every optional field, with KEYIDX only (K without T).
    static let keyIndexOnly = """
        81          // X=1 S=0 PID=1
        d0          // I=1 L=1 T=0 K=1
        7f          // M=0 PictureID=127
        ff          // TL0PICIDX=255
        3f          // TID=0 Y=1 KEYIDX=31
        00
        """

    @Test func shortPictureID() throws {
        let payload = buffer(Self.shortPictureID)
        let descriptor = try VP8PayloadDescriptor(parsing: payload)
        #expect(!descriptor.isNonReference)
        #expect(descriptor.isStartOfPartition)
        #expect(descriptor.partitionIndex == 0)
        #expect(descriptor.pictureID == 17)
        #expect(!descriptor.hasLongPictureID)
        #expect(descriptor.pictureIDMask == 0x7F)
        #expect(descriptor.tl0PictureIndex == nil)
        #expect(descriptor.temporalLayerIndex == nil)
        #expect(descriptor.keyIndex == nil)
        #expect(descriptor.length == 3)
        #expect(descriptor.isStartOfFrame)
        #expect(descriptor.startsKeyframe(payload: payload))
        #expect(Self.written(descriptor) == Array(hexBytes(Self.shortPictureID)[..<3]))
    }

    @Test func longPictureID() throws {
        let payload = buffer(Self.longPictureID)
        let descriptor = try VP8PayloadDescriptor(parsing: payload)
        #expect(descriptor.isNonReference)
        #expect(descriptor.isStartOfPartition)
        #expect(descriptor.pictureID == 0x1234)
        #expect(descriptor.hasLongPictureID)
        #expect(descriptor.pictureIDMask == 0x7FFF)
        #expect(descriptor.tl0PictureIndex == 5)
        #expect(descriptor.temporalLayerIndex == 1)
        #expect(descriptor.isLayerSync)
        #expect(descriptor.keyIndex == nil)
        #expect(descriptor.length == 6)
        #expect(!descriptor.startsKeyframe(payload: payload), "P=1: inter frame")
        #expect(Self.written(descriptor) == Array(hexBytes(Self.longPictureID)[..<6]))
    }

    @Test func minimal() throws {
        let payload = buffer(Self.minimal)
        let descriptor = try VP8PayloadDescriptor(parsing: payload)
        #expect(!descriptor.hasExtension)
        #expect(!descriptor.isStartOfPartition)
        #expect(descriptor.partitionIndex == 2)
        #expect(descriptor.pictureID == nil)
        #expect(descriptor.length == 1)
        #expect(!descriptor.startsKeyframe(payload: payload))
        #expect(Self.written(descriptor) == [0x02])
    }

    @Test func keyIndexOnly() throws {
        let payload = buffer(Self.keyIndexOnly)
        let descriptor = try VP8PayloadDescriptor(parsing: payload)
        #expect(descriptor.partitionIndex == 1)
        #expect(descriptor.pictureID == 127)
        #expect(descriptor.tl0PictureIndex == 255)
        #expect(descriptor.temporalLayerIndex == nil)
        #expect(descriptor.isLayerSync)
        #expect(descriptor.keyIndex == 31)
        #expect(descriptor.length == 5)
        #expect(!descriptor.startsKeyframe(payload: payload), "S=0, PID=1")
        #expect(Self.written(descriptor) == Array(hexBytes(Self.keyIndexOnly)[..<5]))
    }

    @Test func keyframeNeedsThePayloadHeader() throws {
        let payload = buffer("90 80 11  // descriptor only, no VP8 payload header")
        let descriptor = try VP8PayloadDescriptor(parsing: payload)
        #expect(!descriptor.startsKeyframe(payload: payload))
    }

    @Test func truncations() {
        #expect(throws: PayloadDescriptorError.truncated(at: 0, need: 1)) { try VP8PayloadDescriptor(parsing: ByteBuffer()) }
        #expect(throws: PayloadDescriptorError.truncated(at: 1, need: 1)) { try VP8PayloadDescriptor(parsing: buffer("80")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 2, need: 1)) { try VP8PayloadDescriptor(parsing: buffer("80 80")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 2, need: 2)) { try VP8PayloadDescriptor(parsing: buffer("80 80 92")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 4, need: 1)) { try VP8PayloadDescriptor(parsing: buffer("80 c0 92 34")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 2, need: 1)) { try VP8PayloadDescriptor(parsing: buffer("80 20")) }
    }

    static func written(_ descriptor: VP8PayloadDescriptor) -> [UInt8] {
        var out = ByteBuffer()
        descriptor.write(into: &out)
        return bytes(out)
    }
}
