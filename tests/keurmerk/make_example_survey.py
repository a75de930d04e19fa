"""Write ``src/keurmerk/data/example_survey_2020.json``: respondent records built to match
seed 004's table 1.1 (net sample, completed, response %, published; marks as near as whole
client marks allow). Run: ``.venv/bin/python tests/keurmerk/make_example_survey.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src" / "keurmerk" / "data" / "example_survey_2020.json"

#: Client marks per service, as {mark: count}. Seed 004 prints 8.1 for outplacement, which 4
#: whole marks cannot give (4 marks give x.0, x.25, x.5, x.75): 8.0 is the nearest.
CLIENT_MARKS = {
    7: {8: 4},
    8: {10: 5, 9: 12, 8: 38, 7: 11, 6: 9, 5: 3, 4: 1, 3: 1, 1: 1},  # 81 marks, mean 7.605
    9: {10: 1, 9: 1, 8: 5, 7: 3, 6: 2},  # 12 marks, mean 7.667
}
NET_SAMPLE = {7: 6, 8: 428, 9: 26}
PRINCIPALS_NET = 58
PRINCIPAL_MARKS = ["7.5", "8", "7", "8.5", "6.8", "7.9", "8.1", "7.2", "7.6", "7.5", "7.5"]  # mean 7.6
#: Clients' recommendation answers: 45 / 43 / 8 and one blank -> (45 - 8) / 96 = 38.5.
RECOMMENDATIONS = ["recommended"] * 45 + ["not_recommended"] * 43 + ["advised_against"] * 8 + [None]
#: Satisfaction: 65 zeer tevreden, 32 tevreden -> 67.0 % / 33.0 % (the front page's 67 / 33).
SATISFACTION = ["zeer_tevreden"] * 65 + ["tevreden"] * 32


def build() -> dict[str, object]:
    respondents: list[dict[str, object]] = []
    i = 0
    for service, marks in CLIENT_MARKS.items():
        for mark, count in marks.items():
            for _ in range(count):
                respondents.append({
                    "id": f"c{i + 1:03d}", "kind": "client", "service": service, "mark": mark,
                    "recommendation": RECOMMENDATIONS[i], "satisfaction": SATISFACTION[i],
                    "aspects_answered": True,
                })
                i += 1
    # Returned but incomplete questionnaires (service aspects not answered): never counted.
    for j, service in enumerate((7, 8, 8, 8)):
        respondents.append({"id": f"x{j + 1:03d}", "kind": "client", "service": service, "mark": 1,
                            "recommendation": "advised_against", "satisfaction": "zeer_ontevreden",
                            "aspects_answered": False})
    principal_recs = ["recommended"] * 6 + ["not_recommended"] * 5
    for j, mark in enumerate(PRINCIPAL_MARKS):
        respondents.append({"id": f"o{j + 1:03d}", "kind": "principal", "mark": mark,
                            "recommendation": principal_recs[j], "aspects_answered": True})
    respondents.append({"id": "o999", "kind": "principal", "mark": "2", "aspects_answered": False})
    return {
        "provider": "Voorbeeld Dienstverlener",
        "period": {"start": "2020-01-01", "end": "2020-12-31"},
        "net_sample": {"clients": {str(k): v for k, v in NET_SAMPLE.items()}, "principals": PRINCIPALS_NET},
        "respondents": respondents,
    }


def main() -> None:
    OUT.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
