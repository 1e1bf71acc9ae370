"""The chart colours stay apart for readers with colour-vision deficiency: checked under simulated CVD."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from charts import style

# Colours drawn together on one chart: a series (focus, highlighted peers, hub and peer-average lines, the grey
# rest), a ranking (focus, others, the two average lines), gap bars and the survey's favourable/unfavourable.
TOGETHER = {
    "series": [style.FOCUS, *style.PEER_COLOURS, style.HUB_LINE, style.PEER_LINE, style.GREY],
    "ranking": [style.FOCUS, style.OTHER, style.HUB_LINE, style.PEER_LINE],
    "gaps": [style.BLUE, style.ORANGE],
    "palette": style.PALETTE[:6] + [style.BLACK],
}
# Distance in CAM02-UCS (Luo et al. 2006), where 1 is about a just noticeable difference; 10 keeps two lines
# apart at a glance. Simulation: Machado, Oliveira & Fernandes (2009) at full severity.
MIN_DISTANCE = 10.0
DEFICIENCIES = ["protanomaly", "deuteranomaly", "tritanomaly"]


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0


def seen(colour: np.ndarray, deficiency: str | None) -> np.ndarray:
    if deficiency is None:
        return colour
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(colour, space, "sRGB1"), 0, 1)


@pytest.mark.parametrize("chart", sorted(TOGETHER))
@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_colours_drawn_together_stay_apart(chart: str, deficiency: str | None) -> None:
    colours = TOGETHER[chart]
    worst = min(
        (float(deltaE(seen(rgb(a), deficiency), seen(rgb(b), deficiency), input_space="sRGB1")), a, b)
        for a, b in itertools.combinations(colours, 2)
    )
    assert worst[0] >= MIN_DISTANCE, f"{chart} under {deficiency or 'normal vision'}: {worst}"


def test_the_simulation_does_tell_confusable_colours_apart() -> None:
    """A control: classic red and green merge for a deuteranope, so the check can fail."""
    red, green = rgb("#d62728"), rgb("#2ca02c")
    normal = deltaE(red, green, input_space="sRGB1")
    deutan = deltaE(seen(red, "deuteranomaly"), seen(green, "deuteranomaly"), input_space="sRGB1")
    assert normal > 30 and deutan < MIN_DISTANCE


def test_no_yellow_on_white_for_lines_or_text() -> None:
    assert style.YELLOW not in style.PEER_COLOURS and style.YELLOW not in TOGETHER["series"]
