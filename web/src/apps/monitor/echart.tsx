// A thin React wrapper of ECharts: one chart per container, options replaced on change, resized with
// its container. Canvas renderer (what the browser test checks for).
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the chart types the dashboard draws: keeps the monitor's bundle small.
echarts.use([
  BarChart,
  FunnelChart,
  GaugeChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);
import { useEffect, useRef } from 'react';

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({
  option,
  height = 300,
  testId,
  onClick,
}: {
  option: ChartOption;
  height?: number;
  testId: string;
  onClick?: (params: { name: string; dataIndex: number; data: unknown }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) =>
      clickRef.current?.(params as unknown as { name: string; dataIndex: number; data: unknown }),
    );
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} data-testid={testId} className="lt-chart" style={{ width: '100%', height }} />;
}
