// Which ICE candidate pair each peer connection uses: shown for
// diagnostics and read by the browser tests (ICE-TCP when UDP is blocked).

/** The selected pair of `pc` from getStats: protocol, types and addresses, or null. */
export async function selectedPath(pc) {
  if (!pc) return null;
  const report = await pc.getStats();
  let pairId = null;
  report.forEach((stat) => {
    if (stat.type === "transport" && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  const pair = pairId ? report.get(pairId) : null;
  if (!pair) return null;
  const describe = (id) => {
    const candidate = report.get(id);
    if (!candidate) return null;
    return {
      protocol: candidate.protocol,
      type: candidate.candidateType,
      tcpType: candidate.tcpType ?? null,
      relayProtocol: candidate.relayProtocol ?? null,
      address: candidate.address,
      port: candidate.port,
    };
  };
  return { state: pair.state, local: describe(pair.localCandidateId), remote: describe(pair.remoteCandidateId) };
}
