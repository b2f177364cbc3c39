package eu.eevidence.gw.schema;

/** Categories of data, aligned with Regulation (EU) 2023/1543 Art. 3(9)-(12) and ETS 185 Art. 1(d) / Art. 18(3). */
public enum DataCategory {
    SUBSCRIBER,
    IDENTIFYING_USER,
    TRAFFIC,
    CONTENT
}
