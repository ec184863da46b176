"""The permission engine against the meaning of each scope, for every action × role.

Each app's own tests check its actions through HTTP and services (refused writes write
nothing); this test proves the one module that decides applies every rule as declared.
"""

import pytest

from gaoxin.core.enums import RegionLevel, Role, Scope, UnitKind
from gaoxin.core.errors import PermissionDenied
from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import can, require, rules, scope_q, target_for_unit
from gaoxin.core.services import region_create, role_grant, unit_create, user_create

pytestmark = pytest.mark.django_db

EXPECTED = {
    # scope -> (own unit, child unit, sibling in region, other region, owned by the user)
    None: (False, False, False, False, False),
    Scope.SELF: (False, False, False, False, True),
    Scope.UNIT: (True, False, False, False, False),
    Scope.SUBTREE: (True, True, False, False, False),
    Scope.REGION: (True, True, True, False, False),
    Scope.ALL: (True, True, True, True, True),
}


@pytest.fixture
def tree():
    prov = region_create(actor=None, name="省", level=RegionLevel.PROVINCE, code="370000")
    zone = region_create(actor=None, name="区", level=RegionLevel.ZONE, parent=prov)
    far = region_create(actor=None, name="外区", level=RegionLevel.COUNTY, parent=prov, code="371502")
    top = unit_create(actor=None, name="管委会", kind=UnitKind.COMMITTEE, region=zone)
    own = unit_create(actor=None, name="局", kind=UnitKind.BUREAU, region=zone, parent=top)
    child = unit_create(actor=None, name="科", kind=UnitKind.SECTION, region=zone, parent=own)
    sibling = unit_create(actor=None, name="另一局", kind=UnitKind.BUREAU, region=zone, parent=top)
    other = unit_create(actor=None, name="外区局", kind=UnitKind.BUREAU, region=far)
    return {"own": own, "child": child, "sibling": sibling, "other": other}


def _user(tree, role):
    user = user_create(
        actor=None, username=f"u_{role}", password="pw-for-tests-123", display_name=role, unit=tree["own"]
    )
    role_grant(actor=None, user=user, role=role, unit=tree["own"])
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("action", sorted(rules()))
def test_every_role_gets_exactly_its_declared_scope(tree, action):
    table = rules()[action]
    for role in Role:
        user = _user(tree, role)
        targets = (
            target_for_unit(tree["own"]),
            target_for_unit(tree["child"]),
            target_for_unit(tree["sibling"]),
            target_for_unit(tree["other"]),
            target_for_unit(tree["other"], owner_ids=[user.pk]),
        )
        got = tuple(can(user, action, t) for t in targets)
        assert got == EXPECTED[table.get(role)], (action, role)
        assert can(user, action) is (role in table), (action, role)
        user.delete()


@pytest.mark.parametrize("action", sorted(rules()))
def test_anonymous_and_roleless_users_are_refused(tree, action, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    roleless = user_create(
        actor=None, username="roleless", password="pw-for-tests-123", display_name="x", unit=tree["own"]
    )
    for user in (AnonymousUser(), roleless):
        assert can(user, action) is False
        assert can(user, action, target_for_unit(tree["own"])) is False
        with pytest.raises(PermissionDenied, match="没有权限"):
            require(user, action, target_for_unit(tree["own"]))


@pytest.mark.parametrize("scope_role", [Role.SYSTEM_ADMIN, Role.ZONE_LEADER, Role.HALL_MANAGER])
def test_scope_q_filters_querysets_like_can(tree, scope_role):
    # Users placed in each unit stand for rows owned by that unit.
    rows = {
        k: user_create(actor=None, username=f"row_{k}", password="pw-for-tests-123", display_name=k, unit=u)
        for k, u in tree.items()
    }
    viewer = _user(tree, scope_role)
    visible = set(
        User.objects.filter(pk__in=[r.pk for r in rows.values()])
        .filter(scope_q(viewer, "core.user.view", unit="unit"))
        .values_list("username", flat=True)
    )
    expected = {f"row_{k}" for k, u in tree.items() if can(viewer, "core.user.view", target_for_unit(u))}
    assert visible == expected
    assert {
        Role.SYSTEM_ADMIN: {"row_own", "row_child", "row_sibling", "row_other"},
        Role.ZONE_LEADER: {"row_own", "row_child", "row_sibling"},
        Role.HALL_MANAGER: {"row_own", "row_child"},
    }[scope_role] == visible


def test_unknown_action_is_a_programming_error(tree):
    user = _user(tree, Role.SYSTEM_ADMIN)
    with pytest.raises(KeyError, match="unknown permission action"):
        can(user, "no.such.action")


def test_inactive_user_is_refused(tree):
    user = _user(tree, Role.SYSTEM_ADMIN)
    user.is_active = False
    assert can(user, "core.unit.manage") is False


def test_grants_are_loaded_in_one_query(tree, django_assert_num_queries):
    user = _user(tree, Role.ZONE_LEADER)
    with django_assert_num_queries(1):
        for _ in range(5):
            can(user, "core.audit.view", target_for_unit(tree["own"]))


@pytest.mark.parametrize("scope_role", [Role.SYSTEM_ADMIN, Role.ZONE_LEADER, Role.HALL_MANAGER])
def test_scope_q_on_the_unit_table_itself_keeps_the_units_can_allows(tree, scope_role):
    viewer = _user(tree, scope_role)
    ids = [u.pk for u in tree.values()]
    visible = set(
        Unit.objects.filter(pk__in=ids)
        .filter(scope_q(viewer, "core.user.view", unit="self"))
        .values_list("name", flat=True)
    )
    assert visible == {u.name for u in tree.values() if can(viewer, "core.user.view", target_for_unit(u))}
    assert (
        visible
        == {
            Role.SYSTEM_ADMIN: {"局", "科", "另一局", "外区局"},
            Role.ZONE_LEADER: {"局", "科", "另一局"},
            Role.HALL_MANAGER: {"局", "科"},
        }[scope_role]
    )
