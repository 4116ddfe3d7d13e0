#!/usr/bin/env python3
"""Digitises Figure 16 of the Raft paper from the dissertation's vector sources.

The curves of the paper's Figure 16 are Figure 9.8 of Ongaro's dissertation, whose
sources hold them as SVG (github.com/ongardie/dissertation, leaderelection/
benchmarks-randomness.svg and benchmarks-scale.svg). Each curve is one long path; the
axis ticks give the scale (y: 0 at 145.140625, 1 at 12.242188; x: linear, 100 ms per
46.898438 units from 0 at 41.910156, or logarithmic, one decade per 72.648438 units
from 100 ms at 54.425781). The legend's colours give the order of the curves.

Usage: digitise-figure16.py benchmarks-randomness.svg benchmarks-scale.svg
Prints, per curve, the time at which it reaches 0%, 5%, ..., 95%, 99% and 100%: the
table in sim/experiments/paper_figure16.h.
"""
import re
import sys

Y0, Y1 = 145.140625, 12.242188


def fraction(y):
    return (Y0 - y) / (Y0 - Y1)


def scale_ms(x):
    return (x - 41.910156) / (88.808594 - 41.910156) * 100


def randomness_ms(x):
    return 10 ** (2 + (x - 54.425781) / (127.074219 - 54.425781))


NAMES = {
    "randomness": ["150-150", "150-151", "150-155", "150-175", "150-200", "150-300"],
    "scale": ["12-24", "25-50", "50-100", "100-200", "150-300"],
}
QUANTILES = [i / 20 for i in range(20)] + [0.99, 1.0]


def curves(path):
    text = open(path).read()
    body = text[text.find("</defs>"):]
    return [d for d in re.findall(r' d="([^"]*)"', body) if len(d) > 1000]


def main(randomness_svg, scale_svg):
    for panel, path, to_ms in (("randomness", randomness_svg, randomness_ms), ("scale", scale_svg, scale_ms)):
        for name, d in zip(NAMES[panel], curves(path)):
            points = [(to_ms(float(x)), fraction(float(y))) for x, y in re.findall(r"[ML] ([0-9.]+) ([0-9.]+)", d)]
            row = []
            for q in QUANTILES:
                if q == 0:
                    row.append(points[0][0])
                else:
                    row.append(next((x for x, y in points if y >= q - 1e-9), points[-1][0]))
            print('{"%s", {%s}},' % (name, ", ".join(str(round(v)) for v in row)))


if __name__ == "__main__":
    main(*sys.argv[1:3])
