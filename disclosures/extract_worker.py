"""The child process `disclosures.files.extract_text` starts for one PDF or docx.

Usage: python -I extract_worker.py pdf|docx MEMORY_MB CPU_SECONDS < file > text

It limits its own memory and CPU time before it reads the file, then writes the text as UTF-8.
Over a limit the kernel stops it, and the parent records that no text could be extracted.
It imports nothing of Django or of the project, so it runs from a bare interpreter.
"""

import io
import resource
import sys

MAX_CHARS = 200_000


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


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
    _limit(memory_mb, cpu_seconds)
    data = sys.stdin.buffer.read()
    text = _pdf_text(data) if kind == "pdf" else _docx_text(data)
    sys.stdout.buffer.write(text[:MAX_CHARS].encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
