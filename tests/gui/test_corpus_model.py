"""The corpus list model: lazy pages, sorting, filters, and the roles a view asks for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import shown_table
from PySide6.QtCore import QModelIndex, Qt

from newsmark.core.store import Store
from newsmark.gui.corpus_model import (
    COL_ANNOTATIONS,
    COL_DATE,
    COL_ID,
    COL_SOURCE,
    COL_STATUS,
    COL_TITLE,
    PAGE_SIZE,
    CorpusModel,
)

ROOT = QModelIndex()


@pytest.fixture
def big_store(big_project: Path) -> Iterator[Store]:
    with Store.open(big_project, create=False) as store:
        yield store


@pytest.fixture
def sample_store(sample_project: Path) -> Iterator[Store]:
    with Store.open(sample_project, create=False) as store:
        yield store


@pytest.fixture
def loaded(model: CorpusModel, wait_loaded):
    """Point the model at a project and wait for its first page."""

    def load(store: Store) -> CorpusModel:
        model.set_store(store)
        wait_loaded(model)
        return model

    return load


def column(model: CorpusModel, col: int) -> list[str]:
    return [model.index(row, col).data() for row in range(model.rowCount())]


def fetch_all(qtbot, model: CorpusModel) -> None:
    while model.canFetchMore(ROOT):
        before = model.rowCount()
        model.fetchMore(ROOT)
        qtbot.waitUntil(lambda before=before: model.rowCount() > before, timeout=10_000)


def test_first_page_then_pages_on_demand(qtbot, model: CorpusModel, loaded, big_store: Store):
    loaded(big_store)
    assert PAGE_SIZE == 200
    assert model.rowCount() == 200
    assert model.matching_count() == 1000
    assert model.total_count() == 1000
    assert model.canFetchMore(ROOT)

    with qtbot.waitSignal(model.rowsInserted, timeout=10_000) as inserted:
        model.fetchMore(ROOT)
        # One page at a time: a second request while the first is on its way is not sent.
        assert not model.canFetchMore(ROOT)
    assert inserted.args[1:] == [200, 399]
    assert model.rowCount() == 400

    fetch_all(qtbot, model)
    assert model.rowCount() == 1000
    assert not model.canFetchMore(ROOT)
    ids = [int(value) for value in column(model, COL_ID)]
    assert ids == sorted(ids) and len(set(ids)) == 1000
    assert model.row_of(ids[777]) == 777
    assert model.document_id(777) == ids[777]


def test_view_fetches_more_when_scrolled_to_the_end(
    qtbot, model: CorpusModel, loaded, big_store: Store
):
    loaded(big_store)
    view = shown_table(qtbot, model)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > 200, timeout=10_000)


def test_sort_by_title_descending(qtbot, model: CorpusModel, loaded, big_store: Store):
    loaded(big_store)
    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    titles = column(model, COL_TITLE)
    assert titles[:3] == ["Report 0999", "Report 0998", "Report 0997"]
    assert model.query().order_by == "title" and model.query().descending
    assert model.sort_column() == COL_TITLE


@pytest.mark.parametrize(
    ("col", "key"), [(COL_ID, "id"), (COL_DATE, "published"), (COL_SOURCE, "source")]
)
def test_sort_orders_every_loaded_row(
    qtbot, model: CorpusModel, loaded, wait_loaded, big_store: Store, col, key
):
    loaded(big_store)
    if col == COL_ID:  # already the order: sort to descending and back
        model.sort(col, Qt.SortOrder.DescendingOrder)
        wait_loaded(model)
    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.sort(col, Qt.SortOrder.AscendingOrder)
    assert model.query().order_by == key
    fetch_all(qtbot, model)
    values = column(model, col)
    if col == COL_ID:
        values = [int(v) for v in values]
    assert values == sorted(values)


def test_annotation_column_is_not_sortable(qtbot, model: CorpusModel, loaded, big_store: Store):
    loaded(big_store)
    model.sort(COL_ANNOTATIONS, Qt.SortOrder.DescendingOrder)
    assert not model.is_loading()
    assert model.query().order_by == "id"


def test_status_filter(qtbot, model: CorpusModel, loaded, big_store: Store):
    for doc_id in (3, 30, 300):
        big_store.set_document_status(doc_id, "done")
    big_store.set_document_status(4, "reviewed")
    loaded(big_store)

    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.set_filter(status="done", search=None)
    assert [int(v) for v in column(model, COL_ID)] == [3, 30, 300]
    assert set(column(model, COL_STATUS)) == {"Done"}
    assert model.matching_count() == 3
    assert model.total_count() == 1000
    assert model.query().filtered

    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.set_filter(status=None, search=None)
    assert model.matching_count() == 1000


def test_search_filter_uses_full_text_search(qtbot, model: CorpusModel, loaded, big_store: Store):
    loaded(big_store)
    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.set_filter(status=None, search="ambush")
    assert model.matching_count() == 100
    assert model.rowCount() == 100
    titles = column(model, COL_TITLE)
    assert all(int(title.split()[1]) % 10 == 0 for title in titles)

    # Prefix search and a combination with the status filter.
    # Document 12 is article 11, a council meeting; document 11 is article 10, an ambush.
    big_store.set_document_status(11, "in_progress")
    big_store.set_document_status(12, "in_progress")
    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.set_filter(status="in_progress", search="counc*")
    assert [int(v) for v in column(model, COL_ID)] == [12]


def test_a_search_sqlite_cannot_parse_is_reported_not_raised(
    qtbot, model: CorpusModel, loaded, big_store: Store
):
    loaded(big_store)
    with qtbot.waitSignal(model.sig_failed, timeout=10_000) as failed:
        model.set_filter(status=None, search="ambush NOT NOT council")
    assert "Search not understood" in failed.args[0]
    assert model.rowCount() == 0
    assert model.error() == failed.args[0]

    with qtbot.waitSignal(model.sig_reset_done, timeout=10_000):
        model.set_filter(status=None, search="ambush")
    assert model.error() is None
    assert model.rowCount() == 100


def test_only_the_newest_query_is_shown(
    qtbot, model: CorpusModel, loaded, wait_loaded, big_store: Store
):
    loaded(big_store)
    for text in ("a", "am", "amb", "ambu", "ambus"):
        model.set_filter(status=None, search=text + "*")
    model.set_filter(status="new", search="council")
    wait_loaded(model)
    assert model.matching_count() == 900
    assert model.query().search == "council"


def test_display_and_tooltip_roles(qtbot, model: CorpusModel, loaded, sample_store: Store, samples):
    loaded(sample_store)
    by_title = {model.index(row, COL_TITLE).data(): row for row in range(model.rowCount())}
    row = by_title[samples.html_title]
    # The title is data for a plain-text delegate, and its tooltip (rich text) is escaped.
    assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole) == (
        "<p>&lt;b&gt;html&lt;/b&gt; in a &lt;i&gt;headline&lt;/i&gt; &amp; more</p>"
    )
    assert model.index(row, COL_SOURCE).data() == "<i>Feed</i>"
    assert model.index(row, COL_DATE).data() == "2023-12-31"
    assert model.index(row, COL_STATUS).data() == "New"
    assert model.index(row, COL_ANNOTATIONS).data() == "0 / 0"
    assert model.index(row, COL_ID).data(Qt.ItemDataRole.UserRole) == model.document_id(row)

    untitled = by_title["(untitled)"]
    assert model.index(untitled, COL_TITLE).data(Qt.ItemDataRole.FontRole).italic()
    assert "Fans celebrate 🎉 in Zürich" in by_title
    assert model.headerData(COL_ANNOTATIONS, Qt.Orientation.Horizontal) == "Spans"
    assert model.headerData(
        COL_DATE, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole
    ) == (Qt.SortOrder.DescendingOrder.value)


def test_closing_stops_loading(qtbot, model: CorpusModel, loaded, big_store: Store):
    loaded(big_store)
    model.close()
    assert not model.is_open()
    assert not model.canFetchMore(ROOT)
    assert model.rowCount() == 200  # the rows already shown stay
