package com.m2m.app;

import org.springframework.beans.factory.config.BeanPostProcessor;

import javax.sql.DataSource;
import java.util.function.UnaryOperator;

/** How a test puts its own proxy around the platform's DataSource beans (to count or break statements). */
public final class DataSourceWrapping {

    private DataSourceWrapping() {
    }

    /** A post-processor that hands every DataSource bean to {@code wrap} and registers what it returns. */
    public static BeanPostProcessor everyDataSource(UnaryOperator<DataSource> wrap) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource ? wrap.apply(dataSource) : bean;
            }
        };
    }
}
