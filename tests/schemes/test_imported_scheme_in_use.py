"""An imported scheme is a scheme like the built-in ones: a campaign runs on it and scores units."""
from decimal import Decimal
from pathlib import Path

import pytest

from zwgk import rubrics
from zwgk.campaigns.models import Participant
from zwgk.campaigns.results import rescore_unit
from zwgk.campaigns.setup import create_campaign
from zwgk.schemes import importing
from zwgk.schemes.models import ImportDraft

SEEDS = Path(__file__).resolve().parents[1] / "rubrics" / "seeds"


@pytest.mark.parametrize("seed, total", [("003_6629bd626a195427.txt", Decimal("100")),
                                         ("000_d10e51924d070222.txt", Decimal("72"))])
def test_a_campaign_on_an_imported_scheme_scores_full_marks_when_nothing_happened(county, seed, total):
    draft = importing.start_import(county.office, seed, (SEEDS / seed).read_bytes())
    scheme = {**draft.scheme, "id": "county-import"}
    saved = importing.save_scheme(county.office, ImportDraft.objects.get(pk=draft.pk), scheme, rubrics.scheme_yaml(scheme))
    campaign = create_campaign(county.office, saved, "试运行", 2021, [county.finance])
    campaign.unchecked_rule = campaign.Unchecked.DEFAULTS  # nothing checked: the rules' defaults
    campaign.save()
    participant = Participant.objects.get(campaign=campaign, unit=county.finance)
    result = rescore_unit(participant)
    # 古县's 35 items add up to 72 (the built-in file's reading says the same); bonus-only items start at 0.
    assert result.total == total
    assert len(result.items) == len(scheme["items"])
