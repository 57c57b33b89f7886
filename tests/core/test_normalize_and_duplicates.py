import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from mycrm.core.common.normalize import company_key, phone_key
from mycrm.core.customers.duplicates import DuplicateReason, find_duplicates
from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer


def test_company_key_ignores_case_space_punctuation_width_and_suffixes() -> None:
    same = ["ABC Co., Ltd.", "abc", "ＡＢＣ", "  A.B.C  ", "Abc Limited", "abc inc"]
    assert {company_key(name) for name in same} == {"abc"}
    assert company_key("华为技术有限公司") == company_key("华为技术") == "华为技术"
    assert company_key("上海 贝尔 股份有限公司") == "上海贝尔"


def test_company_key_keeps_distinct_names_apart() -> None:
    assert company_key("Costco") != company_key("Cost")
    assert company_key("Ltd") == "ltd"  # a name made only of a suffix keeps its letters


def test_phone_key_normalises_formats() -> None:
    assert phone_key("138 0013 8000") == phone_key("+86 138-0013-8000") == "+8613800138000"
    assert phone_key("") == ""
    assert phone_key("n/a") == ""


@given(st.text(max_size=40))
def test_company_key_is_idempotent_and_width_blind(name: str) -> None:
    key = company_key(name)
    assert company_key(key) == key or key == ""
    assert company_key(unicodedata.normalize("NFKC", name)) == key
    assert company_key(name.upper()) == company_key(name.lower()) or not name.isascii()


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20))
def test_full_width_forms_share_the_key(name: str) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in name)
    assert company_key(full_width) == company_key(name)


def _add(session: Session, now, name: str, phone: str = "", email: str = "") -> int:
    customer = create_customer(
        session=session,
        data=CustomerInput(name=name, contact=ContactInput(name="Li Lei", phone=phone,
                                                           email=email)),
        now=now,
    )
    assert customer.id is not None
    return customer.id


def test_duplicates_by_name_phone_and_email(session: Session, now) -> None:
    acme = _add(session, now, "Acme Trading Co., Ltd.", phone="13800138000",
                email="li@acme.com")
    _add(session, now, "Globex")
    assert [m.reason for m in find_duplicates(session, name="ACME TRADING")] == [
        DuplicateReason.SAME_NAME]
    similar = find_duplicates(session, name="Acme Tradng")
    assert [(m.customer_id, m.reason) for m in similar] == [(acme, DuplicateReason.SIMILAR_NAME)]
    by_phone = find_duplicates(session, name="Other", phone="+86 138 0013 8000")
    assert [(m.customer_id, m.reason) for m in by_phone] == [(acme, DuplicateReason.SAME_PHONE)]
    by_mail = find_duplicates(session, name="Other", email=" LI@ACME.COM ")
    assert [(m.customer_id, m.reason) for m in by_mail] == [(acme, DuplicateReason.SAME_EMAIL)]
    assert find_duplicates(session, name="Initech") == []
    assert find_duplicates(session, name="Acme Trading", exclude_id=acme) == []


def test_chinese_suffix_duplicate(session: Session, now) -> None:
    cid = _add(session, now, "杭州青禾电子商务有限公司")
    matches = find_duplicates(session, name="杭州青禾电子商务")
    assert [m.customer_id for m in matches] == [cid]
