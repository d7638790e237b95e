# Google Colab only: open your work folder on Google Drive and install the course's packages.
# Anywhere else (JupyterLab on your computer, the autograder) this cell does nothing.
# Upload the whole assignment folder to Google Drive first (see STUDENT_SETUP.md), then set its place here:
COLAB_FOLDER = "cs231n/{assignment}"   # inside "My Drive"
DRIVE_ROOT = "/content/drive"
import os, subprocess, sys  # noqa: E401,E402

try:
    from google.colab import drive
except ImportError:
    drive = None
if drive is not None:
    drive.mount(DRIVE_ROOT)
    work = os.path.join(DRIVE_ROOT, "MyDrive", COLAB_FOLDER)
    if not os.path.isdir(os.path.join(work, "cs231n_lib")):
        raise FileNotFoundError(
            f"{{work}} does not hold the assignment (no cs231n_lib/ folder in it). Upload the released folder "
            "to Google Drive and set COLAB_FOLDER above to its path inside My Drive.")
    os.chdir(work)
    if work not in sys.path:
        sys.path.insert(0, work)
    # Only what the notebooks import (numpy, matplotlib), at the course's versions: Colab's own Jupyter stays.
    with open("requirements-student.txt") as f:
        pins = [line.strip() for line in f if line.split("==")[0].strip().lower() in ("numpy", "matplotlib")]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *pins], check=True)
    print(f"Colab: working in {{work}} with {{', '.join(pins)}}. If pip changed numpy, restart the session "
          "(Runtime > Restart session) and run this cell again.")
