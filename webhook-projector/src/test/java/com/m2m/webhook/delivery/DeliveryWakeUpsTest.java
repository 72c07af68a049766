package com.m2m.webhook.delivery;

import com.m2m.webhook.support.TestWebhooks;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The wake-up is given after the writer's commit, once per transaction, and never for a rollback. */
class DeliveryWakeUpsTest {

    @AutoClose
    private final TestWebhooks webhooks = TestWebhooks.fast();
    private final DeliveryWakeUps wakeUps = webhooks.wakeUps;
    private final AtomicInteger woken = new AtomicInteger();
    private final TransactionTemplate transactions = new TransactionTemplate(webhooks.db.transactionManager());

    @BeforeEach
    void countWakeUps() {
        wakeUps.listen(woken::incrementAndGet);
    }

    @Test
    void aCommittedTransactionWakesOnceAfterItsCommit() {
        transactions.executeWithoutResult(status -> {
            wakeUps.deliveryWritten();
            wakeUps.deliveryWritten();
            assertThat(woken).as("nothing is visible before the commit").hasValue(0);
        });
        assertThat(woken).hasValue(1);

        transactions.executeWithoutResult(status -> wakeUps.deliveryWritten());
        assertThat(woken).as("the next transaction announces itself again").hasValue(2);
    }

    @Test
    void aRolledBackTransactionWakesNobody() {
        transactions.executeWithoutResult(status -> {
            wakeUps.deliveryWritten();
            status.setRollbackOnly();
        });
        assertThat(woken).hasValue(0);
        transactions.executeWithoutResult(status -> wakeUps.deliveryWritten());
        assertThat(woken).hasValue(1);
    }

    @Test
    void withoutATransactionTheWakeUpIsImmediate() {
        wakeUps.deliveryWritten();
        assertThat(woken).hasValue(1);
        assertThat(wakeUps.notifiesOtherNodes()).as("H2: no NOTIFY").isFalse();
    }
}
