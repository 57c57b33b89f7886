"""The phone page in a real browser (Debian's chromium, Selenium, 360×740 with touch):
turn phone access on as the user does, pair through the link read back from the QR code the
dialog shows, log a visit with two to-dos, and see it land — rows in the data file, the
customer's new state, the card in the desktop board's Visited column — then look at the page
(a screenshot that is not blank)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, select

from browser import decode_qr, phone_browser, require_browser
from mycrm.core.db.models import Customer, Interaction, Todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.board.page import BoardPage
from mycrm.ui.companion.controller import PhoneAccess
from mycrm.ui.companion.dialog import PhoneAccessDialog

pytestmark = pytest.mark.e2e


def _tap(driver: Any, element: Any) -> None:
    """Scroll ``element`` to the middle of the screen (clear of the tab bar), then tap it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _wait(driver: Any, condition: Callable[[Any], object], timeout: float = 15) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(condition)


def test_a_visit_logged_on_the_phone_moves_the_board_card(
        customers: dict[str, int], ctx: AppContext, qtbot: QtBot, engine: Engine,
        tmp_path: Path) -> None:
    require_browser()
    from selenium.webdriver.common.by import By

    access = PhoneAccess(ctx)
    assert access.turn_on("127.0.0.1")
    dialog = PhoneAccessDialog(access)
    qtbot.addWidget(dialog)
    dialog.show()
    board = BoardPage(ctx)
    qtbot.addWidget(board)
    board.show()
    board.reload()
    customer_id = customers["杭州青禾科技"]
    assert board.columns["to_contact"].model.row_of(customer_id) >= 0

    qr = tmp_path / "qr.png"
    assert dialog.qr.pixmap().save(str(qr))
    link = decode_qr(qr)
    assert link == dialog.link
    with phone_browser("zh-CN") as driver:
        driver.get(link)
        _wait(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
        _tap(driver, driver.find_element(By.ID, "tab-customers"))
        search = driver.find_element(By.ID, "search")
        search.send_keys("青禾")
        _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".customer-item")) == 1
              and d.find_elements(By.CSS_SELECTOR, f'.customer-item[data-id="{customer_id}"]'))
        _tap(driver, driver.find_element(By.CSS_SELECTOR,
                                         f'.customer-item[data-id="{customer_id}"]'))
        _wait(driver, lambda d: d.find_element(By.ID, "summary").is_displayed())
        _tap(driver, driver.find_element(By.ID, "log-visit"))
        form = driver.find_element(By.ID, "visit-form")
        form.find_element(By.NAME, "discussion").send_keys("续约意向强，想加购账号")
        form.find_element(By.NAME, "attendees").send_keys("王磊")
        for title in ("发报价单", "约下次 QBR"):
            _tap(driver, driver.find_element(By.ID, "add-todo-row"))
            rows = form.find_elements(By.CSS_SELECTOR, ".todo-row")
            rows[-1].find_element(By.NAME, "title").send_keys(title)
        _tap(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        _wait(driver, lambda d: d.execute_script("return document.body.dataset.outbox") == "0"
              and d.find_element(By.ID, "toast").is_displayed())
        shot = tmp_path / "phone.png"
        driver.save_screenshot(str(shot))

    with Session(engine) as session:
        record = session.exec(select(Interaction)).one()
        assert record.customer_id == customer_id and "续约意向强" in record.discussion
        titles = sorted(t.title for t in session.exec(
            select(Todo).where(Todo.interaction_id == record.id)))
        assert titles == sorted(["发报价单", "约下次 QBR"])
        customer = session.get(Customer, customer_id)
        assert customer is not None and customer.state == "visited"
    qtbot.waitUntil(lambda: board.columns["visited"].model.row_of(customer_id) >= 0,
                    timeout=5000)
    assert "Paired" in dialog.status.text()
    access.turn_off()
    assert board.columns["to_contact"].model.row_of(customer_id) < 0

    image = QImage(str(shot))
    assert image.width() == 720  # 360 CSS px at pixel ratio 2
    colours = {image.pixel(x, y) for x in range(0, image.width(), 12)
               for y in range(0, image.height(), 12)}
    assert len(colours) > 20, "the phone page's screenshot is blank"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_entry_made_while_the_laptop_is_away_is_kept_and_sent_once(
        start_server: Callable[..., Any], customers: dict[str, int], engine: Engine,
        tmp_path: Path) -> None:
    """Phone access goes off under the phone's feet: the page keeps the to-do and says the
    laptop cannot be reached; when it is back (a new run: a new anti-forgery token) the page
    renews its token and sends the entry — once. A customer's name that is markup is shown
    as text."""
    require_browser()
    from selenium.webdriver.common.by import By

    port = _free_port()
    server = start_server(port=port)
    with phone_browser("en-US") as driver:
        driver.get(server.pairing_link())
        _wait(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "1")

        _tap(driver, driver.find_element(By.ID, "tab-customers"))
        driver.find_element(By.ID, "search").send_keys("img")
        _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#customer-results "
                                                                    ".customer-item")) == 1)
        item = driver.find_element(By.CSS_SELECTOR, "#customer-results .customer-item")
        assert "<img src=x onerror=alert(1)>" in item.text
        assert driver.find_elements(By.CSS_SELECTOR, "#customer-results img") == []

        _tap(driver, driver.find_element(By.ID, "tab-new"))
        _tap(driver, driver.find_element(By.CSS_SELECTOR, 'button[data-kind="todo"]'))
        target = f'#pick-results .customer-item[data-id="{customers["Acme Corp"]}"]'
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, target))
        _tap(driver, driver.find_element(By.CSS_SELECTOR, target))
        form = driver.find_element(By.ID, "todo-form")
        form.find_element(By.NAME, "title").send_keys("Send the renewal quote")
        server.stop()  # the laptop is gone
        _tap(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        _wait(driver, lambda d: d.execute_script("return document.body.dataset.outbox") == "1"
              and d.find_element(By.ID, "offline-banner").is_displayed())
        banner = driver.find_element(By.ID, "offline-banner").text
        assert "cannot be reached" in banner
        driver.save_screenshot(str(tmp_path / "offline.png"))
        with Session(engine) as session:
            assert session.exec(select(Todo)).all() == []

        start_server(port=port)  # back, as a new run
        driver.execute_script("window.dispatchEvent(new Event('online'))")
        _wait(driver, lambda d: d.execute_script(
            "return document.body.dataset.ready === '1' && document.body.dataset.outbox") == "0",
            timeout=30)
        driver.execute_script("window.dispatchEvent(new Event('online'))")  # and once more
        _wait(driver, lambda d: d.execute_script("return document.body.dataset.outbox") == "0")
    with Session(engine) as session:
        titles = [t.title for t in session.exec(select(Todo))]
    assert titles == ["Send the renewal quote"]
