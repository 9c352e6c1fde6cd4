# wsoa-assistant. `make run` and `make test` are all a fresh clone needs.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
LLAMA   := $(VENV)/.llama-cpp
MODEL   := models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
ONNX    := models/minilm-onnx/source.json
# The default native llama.cpp build uses AMX instructions that crash these CPUs.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test test-fast lint bench bench-scale bench-backends eval model llm browser index clean onnx

setup: $(STAMP) $(LLAMA) $(MODEL) $(ONNX)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, pinned: otherwise pip resolves the newest torch with GBs of CUDA wheels.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

llm: $(LLAMA)
$(LLAMA): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q --no-cache-dir llama-cpp-python==0.3.36
	touch $@

# The embedding model in ONNX (fp32 and int8), exported locally from the packaged weights.
onnx: $(ONNX)
$(ONNX): $(STAMP)
	$(BIN)/python -m assistant.index.onnx_embedder

model: $(MODEL)
$(MODEL):
	$(BIN)/python scripts/fetch_model.py --models-dir models

# Debian's Chromium for the browser test (the test tools never download a browser), and
# LibreOffice Writer so a test can measure the whole note as Word would print it.
browser:
	@test -x /usr/bin/chromium || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver)
	@test -x /usr/bin/soffice || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer)

index: $(STAMP)
	$(BIN)/wsoa build

run: setup
	$(BIN)/wsoa serve

test: setup browser
	$(BIN)/pytest -q

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow and not browser and not server"

lint: $(STAMP)
	$(BIN)/ruff format --check assistant ui evals tests scripts
	$(BIN)/ruff check assistant ui evals tests scripts
	$(BIN)/mypy

bench: setup
	$(BIN)/python scripts/bench.py

# Search, start-up, ingest, memory and disk at ~1k, 10k and 100k chunks, a chroma server with
# three processes, and the plain LangChain recipe as a ratio: the Scale section of
# docs/benchmarks.md. A quick run: make bench-scale SIZES=1000,10000
SIZES ?= 1000,10000,100000
bench-scale: setup
	$(BIN)/python scripts/bench_scale.py --sizes $(SIZES)

# Quality and speed per backend (facts, abstention, first word, full answer): docs/backends.md.
bench-backends: setup
	$(BIN)/python scripts/bench_backends.py

eval: setup
	$(BIN)/wsoa eval --suite full --backend local

clean:
	rm -rf index .pytest_cache
