"""What the child process of `disclosures.files.extract_text` runs for one PDF or docx.

The child limits its own memory and CPU time before it reads the file. Over a limit the kernel
stops it, and the parent records that no text could be extracted. Also runnable on its own:
python -I extract_worker.py pdf|docx MEMORY_MB CPU_SECONDS < file > text
"""

import io
import resource
import sys

MAX_CHARS = 200_000


def limit_bytes(memory: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def preload(kind: str) -> None:
    """Import the reader in the parent once, so that every forked child finds it loaded."""
    if kind == "pdf":
        import pypdf  # noqa: F401
    else:
        import docx  # noqa: F401


def read_text(kind: str, data: bytes) -> str:
    return (_pdf_text(data) if kind == "pdf" else _docx_text(data))[:MAX_CHARS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    parts, size = [], 0
    for page in PdfReader(io.BytesIO(data)).pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def main(argv: list[str]) -> int:
    kind, memory_mb, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    limit_bytes(memory_mb * 1024 * 1024, cpu_seconds)
    data = sys.stdin.buffer.read()
    sys.stdout.buffer.write(read_text(kind, data).encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
