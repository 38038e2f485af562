// What a page shows of each remote participant's media, from getStats:
// frames decoded and freezes (video), packets received (audio). The demo's
// tiles and the browser checks read it through the test hook.

/** `remoteMedia`: Session.remoteMedia()'s entries. */
export async function remoteStats(remoteMedia) {
  const result = [];
  for (const entry of remoteMedia) {
    let framesDecoded = 0;
    let audioPacketsReceived = 0;
    const video = { freezeCount: 0, totalFreezesDuration: 0, nackCount: 0, packetsLost: 0, frameWidth: 0 };
    for (const transceiver of entry.transceivers) {
      const report = await transceiver.receiver.getStats();
      report.forEach((stat) => {
        if (stat.type !== "inbound-rtp") return;
        if (stat.kind === "video") {
          framesDecoded += stat.framesDecoded ?? 0;
          video.freezeCount += stat.freezeCount ?? 0;
          video.totalFreezesDuration += stat.totalFreezesDuration ?? 0;
          video.nackCount += stat.nackCount ?? 0;
          video.packetsLost += stat.packetsLost ?? 0;
          video.frameWidth = Math.max(video.frameWidth, stat.frameWidth ?? 0);
        }
        if (stat.kind === "audio") audioPacketsReceived += stat.packetsReceived ?? 0;
      });
    }
    result.push({
      participantId: entry.participant.id,
      participantName: entry.participant.name,
      framesDecoded,
      audioPacketsReceived,
      video,
    });
  }
  return result;
}
