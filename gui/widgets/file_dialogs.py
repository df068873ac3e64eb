"""File-dialog filters shared by every dialog that opens or saves a file."""

MODEL_FILTER = "Cipher Lab models (*.safetensors);;All files (*)"
TEXT_FILTER = "Text files (*.txt);;All files (*)"
