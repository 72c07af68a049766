package com.m2m.query.analytics;

import java.util.List;

/**
 * {@code GET /analytics/operations}: per corridor ({@code USD-MXN}: source and destination currency) and current
 * status, how many operations and their summed send and receive amounts. Volumes are decimal strings
 * ({@code "1725.00"}) summed as SQL {@code NUMERIC} and read as {@code BigDecimal}: never binary floating point.
 * {@code receiveVolume} is in the corridor's destination currency.
 */
public record OperationVolumes(List<Item> items) {

    public OperationVolumes {
        items = List.copyOf(items);
    }

    public record Item(String corridor, String status, long count, String sendVolume, String receiveVolume) {
    }
}
