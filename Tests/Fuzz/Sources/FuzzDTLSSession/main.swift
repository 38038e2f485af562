// An established DTLS session under libFuzzer: the server endpoint of a
// pair handshaken in memory once per process takes each input's datagrams.
// Genuine records are in this process's keys only, so the script can ask
// for them: a fresh client record, or a copy of a client handshake
// datagram, each optionally corrupted, truncated or joined with others.
// Nothing a peer sends may end an established session (RFC 6347 §4.1.2.7:
// bad records are dropped); after each input both directions must still
// carry data, or the target traps.
//
// Script: repeated [operation byte][operation's bytes], read as below.
import FuzzSupport
import NIOCore

nonisolated(unsafe) let pair = DTLSPair()

/// XORs the fuzzer's (position, value) pairs into `datagram`.
func corrupt(_ datagram: inout [UInt8], _ input: inout FuzzInput) {
    for _ in 0..<Int(input.byte() % 8) {
        let position = Int(input.uint16())
        let value = input.byte()
        if !datagram.isEmpty { datagram[position % datagram.count] ^= value }
    }
}

func datagram(_ input: inout FuzzInput, depth: Int = 0) -> [UInt8] {
    let operation = input.byte()
    var datagram: [UInt8]
    switch operation % 4 {
    case 0:
        datagram = input.longChunk()
    case 1:
        let flights = pair.clientFlights
        datagram = flights.isEmpty ? [] : Array(flights[Int(input.byte()) % flights.count].readableBytesView)
    case 2:
        datagram = pair.clientRecord(input.chunk())
    default:
        // Two datagrams' records in one.
        datagram = depth < 2 ? joined(&input, depth: depth) : []
    }
    if operation & 0x04 != 0 { corrupt(&datagram, &input) }
    if operation & 0x08 != 0 { datagram = Array(datagram.prefix(Int(input.uint16()))) }
    return datagram
}

func joined(_ input: inout FuzzInput, depth: Int) -> [UInt8] {
    datagram(&input, depth: depth + 1) + datagram(&input, depth: depth + 1)
}

runFuzzer { bytes in
    var input = FuzzInput(bytes)
    var count = 0
    while !input.isAtEnd, count < 64 {
        count += 1
        let next = datagram(&input)
        pair.deliverToServer(next)
        // A retransmission timer may run (a replayed final flight).
        if input.byte() & 0x01 != 0 {
            pair.now = pair.now + .milliseconds(Int64(input.byte()) * 10)
            for action in pair.server.handleTimeout(now: pair.now) {
                if case .send(let reply) = action { _ = pair.client.receive(datagram: reply, now: pair.now) }
            }
        }
    }
    pair.checkAlive()
}
