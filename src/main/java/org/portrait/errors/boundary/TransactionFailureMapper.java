package org.portrait.errors.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A commit that fails (database gone, a constraint) surfaces as TransactionalException. Jersey ships a
 * mapper for exactly that type, which would win over {@link GraphErrorMapper}: this one is more
 * specific still and hands the cause to the same mapping (a domain exception keeps its meaning; a
 * commit failure is classified by DatabaseFailures, the transaction types included).
 */
@Provider
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(TransactionalException failure) {
        return GraphErrorMapper.respond(failure.getCause() == null ? failure : failure.getCause(), request);
    }
}
