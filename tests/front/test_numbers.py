from decimal import Decimal

from zwgk.front.templatetags.numbers import pts


def test_points_are_written_as_the_documents_write_them():
    assert pts(Decimal("3.00")) == "3"
    assert pts(Decimal("0.50")) == "0.5"
    assert pts(Decimal("100")) == "100"  # not 1E+2
    assert pts(None) == "—"
    assert pts(None, "") == ""
    assert pts(7) == "7"
