/** The {@code hcs.*} configuration, bound and validated once; every module may read it. */
package dev.hcsorchestrator.config;
