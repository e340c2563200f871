"""Who each payment sticker pays, remembered from build to build, so that a changed bank,
account or payee name never slips through unseen: a changed account is exactly the fraud
the stickers exist to prevent (a fake code pasted over a shop's real one).

Each build writes the payees it drew into `signs/payments/payees.json` and the changes
it found since the previous build into `changes.json`; `qrsite build` prints those last,
in both languages, and `qrsite status` shows them and any change not built yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .i18n import LANGUAGES, N_, gettext_for
from .model import Project, Site

PAYEES = "payees.json"
CHANGES = "changes.json"
WATCHED = ("bin", "bank", "account", "holder")  # what a customer's money follows
HEADING = N_(
    "PAYMENT DETAILS NEW, CHANGED OR REMOVED since the last build: confirm each with the "
    "shop's owner before the stickers are printed (+ new, → changed, − removed):"
)


@dataclass(frozen=True)
class PayeeChange:
    street: str  # the street's entry key
    shop: str
    before: dict | None  # None: a shop with payment details for the first time
    after: dict | None  # None: a shop whose details were taken out (or renamed)

    def describe(self) -> str:
        """One line for staff: what changed; of an account, only its last four digits.
        A shop renamed shows as one taken out and one added, both visible."""
        if self.before is None:
            return f"{self.street} · {self.shop}: + {_show(self.after)}"
        if self.after is None:
            return f"{self.street} · {self.shop}: − {_show(self.before)}"
        return f"{self.street} · {self.shop}: {_show(self.before)} → {_show(self.after)}"


def _show(payee: dict) -> str:
    return (
        f"{payee['bank']} ({payee.get('bin', '?')}) •••• {payee['account'][-4:]} {payee['holder']}"
    )


def payees_of(project: Project, site: Site) -> dict[str, dict]:
    """Every payee the site's payment stickers carry, by street and shop."""
    return {
        f"{street.key}#{p.shop}": {
            "street": street.key,
            "shop": p.shop,
            "bank": p.bank,
            "bin": p.bin,
            "account": p.account,
            "holder": p.holder,
        }
        for street in project.site_entries(site.slug, "street")
        for p in street.payments
    }


def read_payees(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / PAYEES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_changes(folder: Path) -> list[PayeeChange]:
    try:
        data = json.loads((folder / CHANGES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [PayeeChange(**item) for item in data if isinstance(item, dict)]


def changes_between(before: dict[str, dict], after: dict[str, dict]) -> list[PayeeChange]:
    """Shops whose bank, account or holder differs, shops paid for the first time, and
    shops no longer paid (a renamed shop is both: its old and new details show)."""
    out = []
    for key in sorted(set(after) | set(before)):
        new, old = after.get(key), before.get(key)
        if new is None:
            out.append(PayeeChange(old["street"], old["shop"], old, None))
        elif old is None or any(old.get(k) != new.get(k) for k in WATCHED):
            out.append(PayeeChange(new["street"], new["shop"], old, new))
    return out


def write_payees(folder: Path, payees: dict[str, dict], changes: list[PayeeChange]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PAYEES).write_text(
        json.dumps(payees, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    items = [c.__dict__ for c in changes]
    (folder / CHANGES).write_text(
        json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def warning_lines(changes: list[PayeeChange]) -> list[str]:
    """The warning `build` prints last and `status` repeats: the heading in every language
    qrsite speaks (whoever reads it must not miss it), then one line per shop."""
    if not changes:
        return []
    lines = [f"!! {gettext_for(lang)(HEADING)}" for lang in LANGUAGES]
    return lines + [f"!!   {change.describe()}" for change in changes]
