package com.m2m.domain.user;

/**
 * An event that carries {@link PersonalData} of one user: the event store encrypts that data with the data key of
 * {@link #userId()}, so forgetting the user (deleting the key) erases it from every such event at once. An event
 * that carries personal data without implementing this cannot be stored (the serializer refuses, rather than
 * write it in plain text).
 */
public interface PersonalDataOwner {

    String userId();
}
