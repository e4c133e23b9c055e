"""Home's dead ends: a draft pack with no scenarios says why nothing starts; trainees added on
the command line appear when home comes back; the app's exit code tells of a crash."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

import trainer.tui.app
from tests.tui import fakes
from tests.tui.helpers import add_trainee, pilot_test, ready, until
from trainer.cli import cli
from trainer.storage import open_repository
from trainer.tui.app import TrainerApp

SIZE = (120, 40)


@pilot_test
async def test_a_draft_pack_without_scenarios_says_why_p_and_e_do_nothing() -> None:
    services = fakes.services(microphone=False)
    packs, folders = services.load_packs()
    draft = dataclasses.replace(packs[0], id="draft", title="草稿", scenarios=())
    services.load_packs = lambda: ([draft], {"draft": folders["property-zh"]})
    app = TrainerApp(services)
    notes: list[str] = []
    original = app.notify
    app.notify = lambda message, *a, **k: (notes.append(message), original(message, *a, **k))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "王芳")
        scenarios = app.screen.query_one("#scenarios")
        assert "还没有场景" in str(scenarios.get_option_at_index(0).prompt)
        for key in ("p", "e"):
            notes.clear()
            await pilot.press(key)
            await pilot.pause()
            assert any("用语包 draft 还没有场景" in n for n in notes), (key, notes)
            assert type(app.screen).__name__ == "HomeScreen"


@pilot_test
async def test_a_trainee_added_on_the_command_line_appears_when_home_comes_back() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Li Na")
        with open_repository() as repo:
            repo.add_trainee("Park Jisoo")  # another program, meanwhile
        await pilot.press("r")  # my results, then back home
        await until(pilot, lambda: type(app.screen).__name__ == "MyResultsScreen")
        await pilot.press("escape")
        await until(pilot, lambda: "Park Jisoo" in app.trainees)
        await pilot.pause()
        assert "Park Jisoo" in str(app.screen.query_one("#trainees").get_option_at_index(1).prompt)


class Crashing(TrainerApp):
    CSS_PATH = Path(trainer.tui.app.__file__).parent / "app.tcss"

    def action_boom(self) -> None:
        raise RuntimeError("a bug")


@pilot_test
async def test_an_uncaught_exception_ends_the_app_with_a_non_zero_code() -> None:
    app = Crashing(fakes.services(microphone=False), ui="en")
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            app.bind("ctrl+b", "boom")
            await pilot.press("ctrl+b")
            await pilot.pause()
    assert app.return_code == 1


def test_the_command_exits_with_the_apps_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trainer.tui.app, "main", lambda: 1)
    assert CliRunner().invoke(cli, []).exit_code == 1
    monkeypatch.setattr(trainer.tui.app, "main", lambda: 0)
    assert CliRunner().invoke(cli, ["app"]).exit_code == 0


class _SlowRoster:
    """The real store, whose trainee list is read slowly (a busy machine): a list read that
    starts before an add and ends after it must not undo the add."""

    def __init__(self, repo: object, delay: float) -> None:
        self._repo, self._delay = repo, delay

    def list_trainees(self) -> object:
        import time

        before = self._repo.list_trainees()  # type: ignore[attr-defined]
        time.sleep(self._delay)
        return before

    def __getattr__(self, name: str) -> object:
        return getattr(self._repo, name)


@pilot_test
async def test_an_added_trainee_stays_chosen_when_a_slow_list_read_ends_after_the_add() -> None:
    store = _SlowRoster(open_repository(), delay=0.8)
    app = TrainerApp(fakes.services(microphone=False, store=store), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Li Na")
        await add_trainee(pilot, "Park Jisoo")
        await pilot.pause(2.0)  # every list read under way has ended
        assert app.trainee == "Park Jisoo"
        assert app.trainees == ["Li Na", "Park Jisoo"]


@pilot_test
async def test_a_late_failure_of_the_previous_packs_model_does_not_unready_the_chosen_one() -> None:
    """The app opens on a Chinese pack with no Chinese model; the trainee picks a Korean pack
    at once. The Chinese load fails after the Korean one is ready: the status stays ready and
    no error is shown (a superseded load is cancelled, its failure unreported)."""
    import time

    from trainer.errors import ModelError
    from trainer.tui.services import LoadedModel

    services = fakes.services(microphone=False)
    packs, folders = services.load_packs()
    korean = dataclasses.replace(packs[0], id="korean", language="ko")
    services.load_packs = lambda: (
        [packs[0], korean],
        {**folders, "korean": folders["property-zh"]},
    )
    fake_load = services.load_model

    def load_model(language: str) -> LoadedModel:
        if language == "zh":
            time.sleep(1.0)
            raise ModelError("no speech model for 'zh' is installed")
        return fake_load(language)

    services.load_model = load_model
    app = TrainerApp(services, ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(app.packs) == 2 and app.status.model == "loading")
        app.screen.query_one("#packs").highlighted = 1  # the trainee picks the Korean pack
        await until(pilot, lambda: app.pack.id == "korean" and app.status.model == "ready")
        await pilot.pause(1.5)  # the Chinese load has failed by now
        assert app.status.model == "ready"
        assert type(app.screen).__name__ == "HomeScreen"
        assert not app._notifications


@pytest.mark.parametrize("ui", ["zh", "en"])
def test_a_broken_user_pack_is_named_on_screen_and_the_others_still_load(
    trainer_home: Path, ui: str
) -> None:
    from trainer.tui.services import Services

    broken = trainer_home / "packs" / "mine"
    broken.mkdir(parents=True)
    (broken / "pack.yaml").write_text("id: mine\ntitle: [unclosed\n", encoding="utf-8")

    @pilot_test
    async def run() -> None:
        services = Services.production(preload=False)
        services.microphone_name = fakes.services(microphone=False).microphone_name
        app = TrainerApp(services, ui=ui)
        notes: list[str] = []
        original = app.notify
        app.notify = lambda message, *a, **k: (notes.append(message), original(message, *a, **k))  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: bool(app.packs) and bool(notes), timeout=30)
            assert "property-zh" in [p.id for p in app.packs]
            said = [n for n in notes if str(broken) in n]
            assert len(said) == 1, notes
            assert ("trainer pack check" in said[0]) and (("用语包" in said[0]) == (ui == "zh"))
            if ui == "zh":
                assert not any(w in said[0] for w in ("problem", "left out", "expected")), said
            # home again later (another program may have changed the packs): said once only
            app.refresh_lists()
            await pilot.pause(1.0)
            assert len([n for n in notes if str(broken) in n]) == 1

    run()


def test_the_model_loaded_first_is_the_configured_packs(trainer_home: Path) -> None:
    """The app opens on the pack of config.toml (property-zh by default): the model that
    starts loading before anything else is that pack's language, not the first pack listed."""
    from trainer.tui.services import opening_language

    assert opening_language("property-zh") == "zh"
    assert opening_language("callcentre-ko") == "ko"
    assert opening_language(None) == "ko"  # none configured: the first listed (callcentre-ko)
    assert opening_language("not-installed") == "ko"
    mine = trainer_home / "packs" / "mine"
    mine.mkdir(parents=True)
    (mine / "pack.yaml").write_text("id: mine\nlanguage: 'en'\ntitle: x\n", encoding="utf-8")
    assert opening_language("mine") == "en"


@pilot_test
async def test_a_missing_speech_model_is_said_once_per_language_not_on_every_pack_change() -> None:
    app = TrainerApp(fakes.services(model=False), ui="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)

        def told() -> int:
            return sum("no speech model" in n.message for n in app._notifications)

        await until(pilot, lambda: told() == 1)
        from trainer.packs import load_pack

        zh, rules, ko = app.pack, load_pack("frontdesk-rules-zh"), load_pack("callcentre-ko")
        for pack in (rules, ko, zh, ko, rules):
            app.choose_pack(pack)
            await until(pilot, lambda: app.status.model == "missing")
            await pilot.pause(0.2)
        assert told() == 2  # once for Chinese, once for Korean
        assert app.status.model == "missing"  # the status line still says so
