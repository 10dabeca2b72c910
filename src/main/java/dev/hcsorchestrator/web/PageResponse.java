package dev.hcsorchestrator.web;

import java.util.List;

/** The list shape (README.md, "API in short"): {@code {"content":[...],"page":{...}}}. */
record PageResponse<T>(List<T> content, PageInfo page) {

  record PageInfo(int size, int number, long totalElements, int totalPages) {}
}
