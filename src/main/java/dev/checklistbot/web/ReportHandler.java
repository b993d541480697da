package dev.checklistbot.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * {@link ReportSite} on Jetty 12's core API: GET and HEAD only (a report changes nothing), no request body read. The
 * HTTP server hands it the requests whose path {@link ReportSite#serves}; it reads the database on the request
 * thread (one short read transaction per page).
 */
public final class ReportHandler extends Handler.Abstract {
    private final ReportSite site;

    public ReportHandler(ReportSite site) {
        this.site = site;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        WebResponse answer;
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            answer = WebResponse.of(405, "text/plain;charset=utf-8", "GET only", java.util.Map.of("Allow", "GET, HEAD"));
        } else {
            answer = site.get(Request.getPathInContext(request), request.getHttpURI().getQuery());
        }
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(answer.body()), callback);
        return true;
    }
}
