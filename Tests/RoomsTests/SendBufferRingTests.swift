import NIOCore
import Testing

@testable import Rooms

@Suite struct SendBufferRingTests {
    /// Writes a packet's worth into the buffer of the next slot, as the
    /// forwarder does, and returns its storage address.
    static func write(_ ring: inout SendBufferRing, holding held: inout [ByteBuffer]) -> UnsafeRawPointer? {
        var (buffer, slot) = ring.take()
        buffer.clear()
        buffer.reserveCapacity(1_200)
        buffer.writeRepeatingByte(0xAB, count: 1_000)
        held.append(buffer)  // the socket's pending write
        ring.giveBack(buffer, slot: slot)
        return buffer.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func aFlushedBufferIsReusedWithoutAllocating() {
        var ring = SendBufferRing()
        var held: [ByteBuffer] = []
        let first = Self.write(&ring, holding: &held)
        held.removeAll()  // flushed
        let second = Self.write(&ring, holding: &held)
        #expect(ring.count == 1)
        #expect(first == second)
    }

    @Test func aBufferStillHeldMakesTheRingGrowAndIsNotTouched() {
        var ring = SendBufferRing()
        var held: [ByteBuffer] = []
        let first = Self.write(&ring, holding: &held)
        let second = Self.write(&ring, holding: &held)
        #expect(ring.count == 2)
        #expect(first != second)
        #expect(held[0].readableBytes == 1_000 && held[0].getInteger(at: 0, as: UInt8.self) == 0xAB)
        // One batch of two, flushed: the next batch reuses both storages.
        held.removeAll()
        let third = Self.write(&ring, holding: &held)
        let fourth = Self.write(&ring, holding: &held)
        #expect(ring.count == 2)
        #expect(Set([first, second]) == Set([third, fourth]))
    }

    @Test func pastTheLimitAHeldBufferIsHandedOutAndCopiedOnWrite() {
        var ring = SendBufferRing(limit: 1)
        var held: [ByteBuffer] = []
        _ = Self.write(&ring, holding: &held)
        _ = Self.write(&ring, holding: &held)
        #expect(ring.count == 1)
        #expect(held.count == 2 && held.allSatisfy { $0.readableBytes == 1_000 })
    }
}
