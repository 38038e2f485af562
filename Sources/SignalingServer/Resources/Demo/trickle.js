// Trickle ICE (RFC 8838) for one of the two peer connections: the
// browser's candidates go to the server as `candidate` messages, held back
// until the SDP they belong to was sent, with one end-of-candidates.

export class CandidateTrickle {
  /** `label`: "publish" or "subscribe"; `send(message)` sends on the socket. */
  constructor(pc, label, send) {
    this.label = label;
    this.send = send;
    this.queue = [];
    this.sdpSent = false;
    this.endSent = false;
    pc.onicecandidate = (event) => {
      const candidate = event.candidate;
      if (!candidate || !candidate.candidate) {
        // End of gathering: Chromium may report it twice (an empty
        // candidate, then null); the server needs it once.
        if (this.endSent) return;
        this.endSent = true;
        this.queueCandidate({ candidate: "", sdpMid: candidate?.sdpMid ?? null, sdpMLineIndex: candidate?.sdpMLineIndex ?? null });
        return;
      }
      this.queueCandidate({ candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
    };
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === "gathering") this.endSent = false;
    };
  }

  queueCandidate(fields) {
    const message = { type: "candidate", pc: this.label, ...fields };
    if (this.sdpSent) this.send(message);
    else this.queue.push(message);
  }

  /** The SDP went to the server: what waited goes now, the rest as it comes. */
  sdpWasSent() {
    this.sdpSent = true;
    for (const message of this.queue.splice(0)) this.send(message);
  }
}
