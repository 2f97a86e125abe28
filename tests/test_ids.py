"""Typed identities: values to hash, sort and send to workers, with one text form each."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from generator.models.ids import EntityId, HubId, LandingId, PageId


def test_ids_are_frozen_hashable_picklable_and_ordered():
    ids = [EntityId.product("BV-DN50"), EntityId.category("valves"), EntityId.page("about", "ar")]
    ids += [EntityId.of_matrix("export"), EntityId.value("export", "germany"), EntityId.alias("/old/")]
    assert pickle.loads(pickle.dumps(ids)) == ids
    assert len(set(ids + ids)) == len(ids)
    assert sorted(ids)[0] == EntityId.alias("/old/")
    with pytest.raises(FrozenInstanceError):
        ids[0].key = "other"  # type: ignore[misc]
    pages = [
        PageId("landing", LandingId("export", "b"), "en"),
        PageId("landing", LandingId("export", "a"), "en"),
    ]
    assert sorted(pages)[0].key == LandingId("export", "a")
    assert pickle.loads(pickle.dumps(HubId("export", "germany", 2))) == HubId("export", "germany", 2)


def test_text_forms_are_those_reports_and_messages_show():
    assert str(EntityId.product("BV-DN50")) == "product:BV-DN50"
    assert str(EntityId.page("about", "ar")) == "page:about:ar"
    assert str(EntityId.value("export", "germany")) == "value:export:germany"
    assert str(LandingId("export", "bv-dn50.germany.oem")) == "export:bv-dn50.germany.oem"
    assert str(HubId("export", "germany")) == "export:germany"
    assert str(HubId("export", "germany", 2)) == "export:germany@2"
    assert str(PageId("product", "BV-DN50", "en")) == "product BV-DN50 [en]"
