import NIOCore
import RTP
import Testing
import TestSupport

/// VP9 payload descriptors laid out as in RFC 9628 §4.2.
@Suite struct RFC9628TestVectors {
    /// Non-flexible mode key frame start with a scalability structure.
    static let keyframeWithSS = """
        aa          // I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0
        80 01       // M=1 PictureID=1
        00          // TID=0 U=0 SID=0 D=0
        07          // TL0PICIDX=7
        58          // SS: N_S=2 (3 spatial layers) Y=1 G=1
        01 40 00 b4 // layer 0: 320x180
        02 80 01 68 // layer 1: 640x360
        05 00 02 d0 // layer 2: 1280x720
        02          // N_G=2
        04 04       // TID=0 U=0 R=1, P_DIFF=4
        34 01       // TID=1 U=1 R=1, P_DIFF=1
        83 49 83 42 // VP9 frame data
        """

    /// Flexible mode inter frame of spatial layer 1 with two references.
    static let flexibleInterFrame = """
        f4          // I=1 P=1 L=1 F=1 B=0 E=1 V=0 Z=0
        12          // M=0 PictureID=18
        53          // TID=2 U=1 SID=1 D=1
        03          // P_DIFF=1 N=1
        04          // P_DIFF=2 N=0
        aa          // VP9 frame data
        """

    @Test func keyframeWithScalabilityStructure() throws {
        let payload = buffer(Self.keyframeWithSS)
        let descriptor = try VP9PayloadDescriptor(parsing: payload)
        #expect(!descriptor.isInterPicturePredicted)
        #expect(!descriptor.isFlexibleMode)
        #expect(descriptor.isStartOfFrame)
        #expect(!descriptor.isEndOfFrame)
        #expect(!descriptor.isNotUsedForUpperSpatialLayer)
        #expect(descriptor.pictureID == 1)
        #expect(descriptor.hasLongPictureID)
        #expect(descriptor.layerIndices == .init(temporalID: 0, spatialID: 0))
        #expect(descriptor.tl0PictureIndex == 7)
        #expect(descriptor.referenceDifferences.isEmpty)
        let location = try #require(descriptor.scalabilityStructureLocation)
        #expect(location.range == 5..<23)
        #expect(location.spatialLayerCount == 3)
        #expect(location.hasResolutions)
        #expect(location.pictureGroupCount == 2)
        #expect(descriptor.length == 23)
        #expect(descriptor.startsKeyframe)

        let structure = try #require(try descriptor.scalabilityStructure(in: payload))
        #expect(structure.spatialLayerCount == 3)
        #expect(structure.resolutions == [
            .init(width: 320, height: 180), .init(width: 640, height: 360), .init(width: 1280, height: 720),
        ])
        #expect(structure.pictureGroup == [
            .init(temporalID: 0, referenceDifferences: .init([4])),
            .init(temporalID: 1, isSwitchingUpPoint: true, referenceDifferences: .init([1])),
        ])
        #expect(structure.encodedLength == 18)

        var out = ByteBuffer()
        descriptor.write(into: &out, scalabilityStructure: structure)
        #expect(bytes(out) == Array(hexBytes(Self.keyframeWithSS)[..<23]))
    }

    @Test func flexibleInterFrame() throws {
        let payload = buffer(Self.flexibleInterFrame)
        let descriptor = try VP9PayloadDescriptor(parsing: payload)
        #expect(descriptor.isInterPicturePredicted)
        #expect(descriptor.isFlexibleMode)
        #expect(!descriptor.isStartOfFrame)
        #expect(descriptor.isEndOfFrame)
        #expect(descriptor.pictureID == 18)
        #expect(!descriptor.hasLongPictureID)
        #expect(descriptor.layerIndices == .init(temporalID: 2, isSwitchingUpPoint: true, spatialID: 1, isInterLayerDependent: true))
        #expect(descriptor.tl0PictureIndex == nil)
        #expect(Array(descriptor.referenceDifferences) == [1, 2])
        #expect(descriptor.scalabilityStructureLocation == nil)
        #expect(descriptor.length == 5)
        #expect(!descriptor.startsKeyframe)
        var out = ByteBuffer()
        descriptor.write(into: &out)
        #expect(bytes(out) == Array(hexBytes(Self.flexibleInterFrame)[..<5]))
    }

    @Test func keyframeOnlyAtBaseSpatialLayer() throws {
        // I=0 P=0 L=1 F=0 B=1 E=1 V=0 Z=0, TID=0 SID=1, TL0PICIDX
        let upper = try VP9PayloadDescriptor(parsing: buffer("2c 02 00"))
        #expect(upper.layerIndices?.spatialID == 1)
        #expect(!upper.startsKeyframe)
        let base = try VP9PayloadDescriptor(parsing: buffer("2c 00 00"))
        #expect(base.startsKeyframe)
        let noLayers = try VP9PayloadDescriptor(parsing: buffer("0c  // B=1 E=1"))
        #expect(noLayers.startsKeyframe)
    }

    @Test func specificErrors() {
        #expect(throws: PayloadDescriptorError.truncated(at: 0, need: 1)) { try VP9PayloadDescriptor(parsing: ByteBuffer()) }
        // F=1 P=1 with four P_DIFFs, each with N set.
        #expect(throws: PayloadDescriptorError.tooManyReferenceDifferences(at: 3)) {
            try VP9PayloadDescriptor(parsing: buffer("50 03 03 03 03"))
        }
        // SS announcing 3 resolutions with room for one.
        #expect(throws: PayloadDescriptorError.truncated(at: 2, need: 12)) {
            try VP9PayloadDescriptor(parsing: buffer("02 50 01 40 00 b4"))
        }
        // SS picture group entry with R=2 but one P_DIFF present.
        #expect(throws: PayloadDescriptorError.truncated(at: 4, need: 2)) {
            try VP9PayloadDescriptor(parsing: buffer("02 08 01 08 01"))
        }
        // Non-flexible L without TL0PICIDX.
        #expect(throws: PayloadDescriptorError.truncated(at: 2, need: 1)) {
            try VP9PayloadDescriptor(parsing: buffer("20 00"))
        }
    }
}
