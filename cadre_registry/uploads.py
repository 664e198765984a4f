"""Refuse oversized uploads before they are read into memory or onto disk."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading the request body once it passes the limit, whatever the
    Content-Length claimed (a chunked request may not send one)."""

    def __init__(self, request=None, limit: int = 0):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        if content_length and content_length > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
