// A room under libFuzzer, without sockets: each input is a script of
// operations on a fresh room of three members (Alice publishing Chromium
// simulcast, Bob and Carol subscribed), on a manual clock. Packets
// arrive as the I/O layer hands them over, already decrypted. Whatever the
// publishers and subscribers send, the room must not trap, and once
// everyone left nothing of it may stay in memory.
//
// Script: repeated [operation byte][length][that many bytes], the length
// two bytes for raw packets (operations 1-3 mod 12: a selector byte, then
// the packet) and one byte otherwise; each operation reads its bytes as
// documented on its method, with zeros past their end.
import FuzzSupport
import NIOCore
import Rooms

/// Runs one script; returns the scenario's probes.
func run(_ bytes: UnsafeBufferPointer<UInt8>) -> [() -> AnyObject?] {
    let scenario = RoomScenario()
    var script = FuzzInput(bytes)
    var operations = 0
    while !script.isAtEnd, operations < 512 {
        operations += 1
        let operation = script.byte()
        // Raw packets take a two-byte length (real datagrams reach 1200 bytes).
        let rawPacket = [1, 2, 3].contains(operation % 12)
        var input = FuzzInput(rawPacket ? script.longChunk() : script.chunk())
        switch operation % 12 {
        case 0, 10: scenario.publisherMedia(&input)
        case 1: scenario.publisherRaw(&input, rtcp: false)
        case 2: scenario.publisherRaw(&input, rtcp: true)
        case 3: scenario.subscriberRaw(&input)
        case 4, 11: scenario.subscriberFeedback(&input)
        case 5: scenario.advance(milliseconds: Int64(input.uint16() % 5_000) + 1)
        case 6:
            let subscriber = scenario.member(input.byte()).participant
            let tracks = scenario.room.publishedTracks
            guard !tracks.isEmpty else { break }
            let ceilings: [TrackPreference.Ceiling?] = [nil, .lowest, .second, TrackPreference.Ceiling.none]
            let flags = input.byte()
            let settings = TrackPreference(
                track: tracks[Int(input.byte()) % tracks.count].id, ceiling: ceilings[Int(flags % 4)],
                width: flags & 0x04 != 0 ? Int(input.uint16()) : nil,
                height: flags & 0x08 != 0 ? Int(input.uint16()) : nil,
                enabled: flags & 0x10 != 0 ? flags & 0x20 != 0 : nil)
            try? scenario.room.setTrackSettings(subscriber, settings, now: scenario.now)
        case 7: scenario.leaveOrRejoin(Int(input.byte()) % scenario.members.count)
        case 8: scenario.publish(Int(input.byte()) % scenario.members.count, offer: input.byte())
        default:
            let selector = input.byte()
            let index = Int(selector) % scenario.members.count
            switch selector >> 6 {
            case 0: scenario.answer(index, dropRTX: false)
            case 1: scenario.answer(index, dropRTX: true)
            case 2: scenario.room.subscriberConnected(scenario.members[index].participant, now: scenario.now)
            default: scenario.members[index].link.connected.toggle()
            }
        }
        scenario.now = scenario.now + .microseconds(Int64(operations % 7) * 500)
    }
    scenario.tearDown()
    return scenario.probes
}

runFuzzer { bytes in
    for probe in run(bytes) {
        if let survivor = probe() { fatalError("\(type(of: survivor)) outlived its room: a reference cycle") }
    }
}
