"""What the Werkscan says to people, in words shared by the reports and the command line.

Internal: the worker report, the employer report and ``werkscan score`` use these so a
worker reads the same advice and the same reason everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from blikopwerk._i18n import Translator
from werkscan._scoring.model import Advice, ScoreResult
from werkscan._scoring.wai_rules import WAI_RULES

__all__ = ["advice_reason", "advice_text", "next_steps", "score_text"]


def score_text(value: float | Decimal, t: Translator) -> str:
    """A WAI score as people write it: ``39,5`` (nl), ``39.5`` (en), whole numbers plain."""
    return t.number(Decimal(str(value)), decimals=1, trim=True)


def advice_text(result: ScoreResult, t: Translator) -> str:
    if result.advice is Advice.URGENT:
        return t._("Urgent advice: we strongly advise you to have a Werkscan conversation with a Werkscan expert.")
    if result.advice is Advice.ADVISED:
        if "WS-ADV-4" in result.advice_rules:
            return (t._("Your work ability is good. A Werkscan conversation can help you keep it so.") + " "
                    + t._("Advice: we advise you to have a Werkscan conversation with a Werkscan expert."))
        return t._("Advice: we advise you to have a Werkscan conversation with a Werkscan expert.")
    return t._("No reason: there is no reason for a Werkscan conversation.")


def advice_reason(result: ScoreResult, t: Translator) -> str:
    """Why the worker got this advice, in plain words (WS-ADV-7): the WAI against its
    threshold and the policy in force; never a rule id.

    The thresholds are the default rule set's (``advice_below``, ``urgent_below``).
    """
    score = score_text(result.wai.score, t)
    urgent = score_text(WAI_RULES.parameter("urgent_below", Decimal), t)
    below = score_text(WAI_RULES.parameter("advice_below", Decimal), t)
    if result.advice is Advice.URGENT:
        return t._("Your WAI score ({score}) is below {urgent}, the edge of poor work ability: "
                   "that is why the advice is urgent.").format(score=score, urgent=urgent)
    if result.advice is Advice.ADVISED and "WS-ADV-4" in result.advice_rules:
        return t._("Your WAI score ({score}) is {below} or higher, but the organisation that offered you the "
                   "Werkscan advises everyone to have a conversation, to keep work ability good."
                   ).format(score=score, below=below)
    if result.advice is Advice.ADVISED:
        return t._("Your WAI score ({score}) is below {below}: that is why you are advised to have a "
                   "conversation.").format(score=score, below=below)
    return t._("Your WAI score ({score}) is {below} or higher: there is no reason for a conversation."
               ).format(score=score, below=below)


def next_steps(result: ScoreResult, t: Translator) -> str:
    if result.advice in (Advice.URGENT, Advice.ADVISED):
        return t._("What to do now: ask for a Werkscan conversation with a Werkscan expert, and take this "
                   "report with you. Did you get the Werkscan from your employer or from an expert? Then "
                   "ask them for the conversation. In the conversation you and the expert make a short list "
                   "of actions, starting with the areas below.")
    return t._("What to do now: nothing is needed. Keep this report, and fill in the Werkscan again in "
               "about six months or when your work or health changes, to see how your work ability "
               "develops. You can always ask for a Werkscan conversation if you want to talk about your "
               "work or career.")


