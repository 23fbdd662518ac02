#!/usr/bin/env python3
"""Draw Onshi Watch's tray icons and app icons.

    python3 assets/icons/make-icons.py        (needs Pillow: pip install pillow)

Writes, next to this script:

  tray-normal.png        green circle, white check          (state: normal)
  tray-upcoming.png      amber alarm clock, dark hands      (a window starts within 24 h)
  tray-intermittent.png  orange triangle, dark "!"          (intermittent outage)
  tray-full.png          red octagon, white "x"             (full outage)
  tray-unset.png         grey circle, white "?"             (prefecture not configured)

  32x32.png, 128x128.png, 128x128@2x.png (256), icon.png (512), icon.ico
  (16/24/32/48/64/256): the app icon for Tauri bundles.

The states differ by shape and symbol, not only by colour, and every shape has a
dark outline so it reads on light and dark panels. Everything is drawn with
geometry (no fonts), supersampled and reduced, so the output is the same on any
machine. All files are RGBA PNGs (Tauri requires RGBA).
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent
SS = 16  # supersampling factor

OUTLINE = (20, 22, 26, 255)
WHITE = (255, 255, 255, 255)
DARK = (26, 18, 0, 255)

GREEN = (30, 140, 75, 255)
AMBER = (245, 179, 1, 255)
ORANGE = (240, 138, 36, 255)
RED = (200, 24, 32, 255)
GREY = (110, 118, 128, 255)


class Pen:
    """Draws in a 0..32 unit square onto a canvas of `size * SS` pixels."""

    def __init__(self, size):
        self.size = size
        self.scale = size * SS / 32.0
        self.img = Image.new("RGBA", (size * SS, size * SS), (0, 0, 0, 0))
        self.d = ImageDraw.Draw(self.img)

    def p(self, x, y):
        return (x * self.scale, y * self.scale)

    def w(self, units):
        return max(1, round(units * self.scale))

    def circle(self, cx, cy, r, fill):
        s = self.scale
        self.d.ellipse([(cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s], fill=fill)

    def polygon(self, pts, fill):
        self.d.polygon([self.p(x, y) for x, y in pts], fill=fill)

    def stroke(self, pts, width, fill):
        """A polyline with round caps and joins."""
        xy = [self.p(x, y) for x, y in pts]
        self.d.line(xy, fill=fill, width=self.w(width), joint="curve")
        for x, y in pts:  # round caps (and joins, cheaply)
            self.circle(x, y, width / 2, fill)

    def rounded_rect(self, x0, y0, x1, y1, r, fill):
        s = self.scale
        self.d.rounded_rectangle([x0 * s, y0 * s, x1 * s, y1 * s], radius=r * s, fill=fill)

    def done(self):
        return self.img.resize((self.size, self.size), Image.LANCZOS)


def inflate(pts, cx, cy, k):
    """Scale a polygon about (cx, cy): a cheap way to get its outline shape."""
    return [(cx + (x - cx) * k, cy + (y - cy) * k) for x, y in pts]


def rounded_polygon(pts, r, steps=6):
    """Round each corner of a convex polygon with radius-ish r (units)."""
    out = []
    n = len(pts)
    for i in range(n):
        px, py = pts[i - 1]
        cx, cy = pts[i]
        nx, ny = pts[(i + 1) % n]

        def toward(ax, ay, bx, by, dist):
            dx, dy = bx - ax, by - ay
            length = (dx * dx + dy * dy) ** 0.5
            return ax + dx / length * dist, ay + dy / length * dist

        a = toward(cx, cy, px, py, r)
        b = toward(cx, cy, nx, ny, r)
        for k in range(steps + 1):  # quadratic Bezier a -> corner -> b
            t = k / steps
            x = (1 - t) ** 2 * a[0] + 2 * (1 - t) * t * cx + t * t * b[0]
            y = (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * cy + t * t * b[1]
            out.append((x, y))
    return out


# ---------------------------------------------------------------- tray icons
# All drawn in a 32-unit square; strokes are >= 3.6 units so they survive 16 px.

def tray_normal(size=32):
    pen = Pen(size)
    pen.circle(16, 16, 15.5, OUTLINE)
    pen.circle(16, 16, 13.6, GREEN)
    pen.stroke([(9.0, 16.5), (13.8, 21.3), (23.2, 11.0)], 4.2, WHITE)
    return pen.done()


def tray_upcoming(size=32):
    pen = Pen(size)
    # bells (drawn first, the body overlaps them)
    for cx in (6.6, 25.4):
        pen.circle(cx, 7.0, 5.4, OUTLINE)
        pen.circle(cx, 7.0, 3.6, AMBER)
    pen.circle(16, 18, 13.6, OUTLINE)
    pen.circle(16, 18, 11.7, AMBER)
    # hands: 10 to 2 -> reads as a clock, not a check mark
    pen.stroke([(16, 10.6), (16, 18.5), (21.6, 21.6)], 3.8, DARK)
    return pen.done()


def tray_intermittent(size=32):
    pen = Pen(size)
    tri = [(16, 1.6), (31.0, 28.8), (1.0, 28.8)]
    pen.polygon(rounded_polygon(tri, 3.2), OUTLINE)
    inner = [(16, 4.9), (28.3, 27.3), (3.7, 27.3)]
    pen.polygon(rounded_polygon(inner, 2.0), ORANGE)
    pen.stroke([(16, 11.6), (16, 18.8)], 4.0, DARK)
    pen.circle(16, 23.4, 2.2, DARK)
    return pen.done()


def _octagon(cx, cy, r):
    k = r * 0.4142  # tan(22.5 deg): half side of a regular octagon
    return [(cx - k, cy - r), (cx + k, cy - r), (cx + r, cy - k), (cx + r, cy + k),
            (cx + k, cy + r), (cx - k, cy + r), (cx - r, cy + k), (cx - r, cy - k)]


def tray_full(size=32):
    pen = Pen(size)
    pen.polygon(rounded_polygon(_octagon(16, 16, 15.6), 1.6), OUTLINE)
    pen.polygon(rounded_polygon(_octagon(16, 16, 13.6), 1.2), RED)
    pen.stroke([(10.4, 10.4), (21.6, 21.6)], 4.4, WHITE)
    pen.stroke([(21.6, 10.4), (10.4, 21.6)], 4.4, WHITE)
    return pen.done()


def tray_unset(size=32):
    pen = Pen(size)
    pen.circle(16, 16, 15.5, OUTLINE)
    pen.circle(16, 16, 13.6, GREY)
    # "?": an arc and a stem, then the dot
    import math
    arc = []
    for k in range(0, 13):
        a = math.radians(200 - k * 22)  # from left, over the top, down the right
        arc.append((16 + 5.0 * math.cos(a), 12.2 - 5.0 * math.sin(a)))
    arc += [(16, 17.6), (16, 19.0)]
    pen.stroke(arc, 3.8, WHITE)
    pen.circle(16, 24.2, 2.3, WHITE)
    return pen.done()


# ---------------------------------------------------------------- app icon

BLUE = (11, 92, 173, 255)
BLUE_DARK = (8, 60, 118, 255)


def app_icon(size):
    pen = Pen(size)
    # rounded square, with a darker rim so it reads on any background
    pen.rounded_rect(0.6, 0.6, 31.4, 31.4, 7.0, BLUE_DARK)
    pen.rounded_rect(1.6, 1.6, 30.4, 30.4, 6.2, BLUE)
    # shield
    shield = [(16, 4.6), (26.0, 8.2), (26.0, 15.6), (24.6, 21.0), (21.0, 25.0), (16, 28.0),
              (11.0, 25.0), (7.4, 21.0), (6.0, 15.6), (6.0, 8.2)]
    pen.polygon(rounded_polygon(shield, 1.4, steps=4), WHITE)
    # check in the shield
    pen.stroke([(10.6, 16.2), (14.6, 20.2), (21.6, 11.8)], 3.6, GREEN)
    return pen.done()


def save(img, name):
    assert img.mode == "RGBA"
    img.save(OUT / name, format="PNG", optimize=True)
    print("wrote", OUT / name)


def main():
    save(tray_normal(), "tray-normal.png")
    save(tray_upcoming(), "tray-upcoming.png")
    save(tray_intermittent(), "tray-intermittent.png")
    save(tray_full(), "tray-full.png")
    save(tray_unset(), "tray-unset.png")

    save(app_icon(32), "32x32.png")
    save(app_icon(128), "128x128.png")
    save(app_icon(256), "128x128@2x.png")
    save(app_icon(512), "icon.png")

    sizes = [16, 24, 32, 48, 64, 256]
    frames = [app_icon(n) for n in sizes]
    frames[-1].save(OUT / "icon.ico", format="ICO", sizes=[(n, n) for n in sizes],
                    append_images=frames[:-1])
    print("wrote", OUT / "icon.ico")


if __name__ == "__main__":
    main()
