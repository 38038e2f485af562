"""The capacity ladder's plot as a self-contained SVG (no plotting library
needed): per rung, one bar per worker count for CPU-µs per forwarded
packet (left panel, with the C floor as a line) and forwarded packets per
second (right panel)."""
from html import escape

WIDTH, HEIGHT = 1010, 360
PANEL_W, PANEL_H, TOP, LEFT = 420, 250, 50, 60
COLOURS = ["#4477aa", "#ee6677", "#228833", "#ccbb44"]


def _panel(rows, rungs, workers, key, title, x0, floor=None):
    values = [row.get(key) or 0 for row in rows]
    top = max(values + [floor or 0, 1e-9]) * 1.15
    out = [f'<text x="{x0 + PANEL_W / 2}" y="{TOP - 20}" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
           f'<line x1="{x0}" y1="{TOP + PANEL_H}" x2="{x0 + PANEL_W}" y2="{TOP + PANEL_H}" stroke="black"/>',
           f'<line x1="{x0}" y1="{TOP}" x2="{x0}" y2="{TOP + PANEL_H}" stroke="black"/>']
    for tick in range(5):
        value = top * tick / 4
        y = TOP + PANEL_H - PANEL_H * tick / 4
        out.append(f'<text x="{x0 - 6}" y="{y + 4}" text-anchor="end" font-size="11">{value:.3g}</text>')
        out.append(f'<line x1="{x0}" y1="{y}" x2="{x0 + PANEL_W}" y2="{y}" stroke="#ddd"/>')
    group = PANEL_W / max(1, len(rungs))
    bar = group * 0.8 / max(1, len(workers))
    for g, rung in enumerate(rungs):
        gx = x0 + g * group + group * 0.1
        for w, count in enumerate(workers):
            row = next((r for r in rows if r["rung"] == rung and r["workers"] == count), None)
            value = (row or {}).get(key) or 0
            h = PANEL_H * value / top
            out.append(f'<rect x="{gx + w * bar:.1f}" y="{TOP + PANEL_H - h:.1f}" width="{bar - 2:.1f}" '
                       f'height="{h:.1f}" fill="{COLOURS[w % len(COLOURS)]}"><title>{escape(rung)}, {count} '
                       f'worker(s): {value}</title></rect>')
        out.append(f'<text x="{x0 + g * group + group / 2:.1f}" y="{TOP + PANEL_H + 16}" text-anchor="middle" '
                   f'font-size="11">{escape(rung)}</text>')
    if floor:
        y = TOP + PANEL_H - PANEL_H * floor / top
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="black" '
                   f'stroke-dasharray="5,4"/>')
        out.append(f'<text x="{x0 + PANEL_W - 4}" y="{y - 4:.1f}" text-anchor="end" font-size="11">'
                   f'C floor {floor} µs</text>')
    return out


def svg(rows, floor_us=None):
    rungs = list(dict.fromkeys(row["rung"] for row in rows))
    workers = sorted({row["workers"] for row in rows})
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'font-family="sans-serif" font-size="12">', '<rect width="100%" height="100%" fill="white"/>']
    parts += _panel(rows, rungs, workers, "cpuSecondsPerMillionForwarded", "server CPU-µs per forwarded packet",
                    LEFT, floor_us)
    parts += _panel(rows, rungs, workers, "forwardedPacketsPerSecond", "forwarded packets per second",
                    LEFT + PANEL_W + 80)
    for w, count in enumerate(workers):
        x = LEFT + w * 120
        parts.append(f'<rect x="{x}" y="{HEIGHT - 22}" width="12" height="12" fill="{COLOURS[w % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 18}" y="{HEIGHT - 12}">{count} worker(s)</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
