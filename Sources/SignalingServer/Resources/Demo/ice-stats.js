// The candidate pair a peer connection sends over, from getStats: whether
// media goes direct, over ICE-TCP or through a TURN relay, and over which
// protocol. The test hook reports it (`switchboardDemo.transports()`).

/** {local, remote, state} of `pc`'s selected pair, or null before one is chosen. */
export async function selectedPair(pc) {
  if (!pc) return null;
  const report = await pc.getStats();
  let pair = null;
  report.forEach((stat) => {
    if (stat.type === "transport" && stat.selectedCandidatePairId) pair = report.get(stat.selectedCandidatePairId) ?? pair;
  });
  // Firefox has no transport stats: it marks the pair `selected` instead.
  report.forEach((stat) => {
    if (!pair && stat.type === "candidate-pair" && stat.selected) pair = stat;
  });
  if (!pair) return null;
  return { local: describe(report.get(pair.localCandidateId)), remote: describe(report.get(pair.remoteCandidateId)), state: pair.state };
}

function describe(candidate) {
  if (!candidate) return null;
  return {
    candidateType: candidate.candidateType,
    protocol: candidate.protocol,
    tcpType: candidate.tcpType ?? null,
    relayProtocol: candidate.relayProtocol ?? null,
    address: candidate.address ?? candidate.ip ?? null,
    port: candidate.port ?? null,
  };
}
